namespace GitJit.Benchmarks;

/// <summary>Everything <c>generate</c> writes, made in memory first. Each part has its own seeded random,
/// so <c>--invalid</c> or <c>--codeowners-lines</c> change only their own part.</summary>
internal sealed record AccessRepository(
    IReadOnlyList<PolicySpec> Policies,
    IReadOnlyList<RequestSpec> Requests,
    IReadOnlyList<string> Codeowners,
    IReadOnlyList<(string Path, string Why)> Invalid)
{
    public static AccessRepository Create(GenerateSettings settings)
    {
        var policyRandom = Seeded(settings.Seed, 1);
        var logins = People.Logins(policyRandom, 400);
        var factory = new PolicyFactory(policyRandom, logins);
        var policies = Resources(policyRandom, settings.Policies).Select(r => factory.Create(r.Name, r.Domain, r.Kind)).ToList();

        var requestRandom = Seeded(settings.Seed, 2);
        var busy = new WeightedChoice<PolicySpec>(policies, _ => requestRandom.Chance(0.1) ? requestRandom.Next(20, 60) : requestRandom.Next(1, 12));
        var requests = new RequestFactory(requestRandom);
        var all = Enumerable.Range(1, settings.Requests).Select(n => requests.Create(busy.Pick(requestRandom), n)).ToList();

        var invalid = new List<(string, string)>();
        for (var turn = 0; turn < settings.Invalid; turn++)
        {
            var index = (int)((turn + 0.5) * all.Count / settings.Invalid);
            var (broken, why) = InvalidRequests.Break(all[index], policies.Single(p => p.Resource == all[index].Resource), turn);
            all[index] = broken;
            invalid.Add((broken.Path, why));
        }

        var codeowners = new CodeownersFactory(Seeded(settings.Seed, 3)).Create(policies, settings.CodeownersLines);
        return new AccessRepository(policies, all, codeowners, invalid);
    }

    private static Random Seeded(int seed, int part) => new(unchecked((seed * 7919) + part));

    /// <summary>Names like <c>orders-db</c> or <c>billing-replica</c>; <c>-2</c>, <c>-3</c>… once the combinations run out.</summary>
    private static IEnumerable<(string Name, string Domain, string Kind)> Resources(Random random, int count)
    {
        var combinations = Vocabulary.Domains.SelectMany(d => Vocabulary.Kinds.Select(k => (Domain: d, Kind: k))).OrderBy(_ => random.Next()).ToList();
        for (var i = 0; i < count; i++)
        {
            var (domain, kind) = combinations[i % combinations.Count];
            var round = i / combinations.Count;
            yield return (round == 0 ? $"{domain}-{kind}" : $"{domain}-{kind}-{round + 1}", domain, kind);
        }
    }
}
