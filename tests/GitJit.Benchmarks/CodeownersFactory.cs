namespace GitJit.Benchmarks;

/// <summary>
/// A CODEOWNERS file as a large organisation has it: a catch-all, an anchored line per resource naming the
/// team and a few people who approve its requests, then the rest of the repository's owners. No line after a
/// resource's own matches files under <c>access-requests/</c>, so that line decides who approves.
/// </summary>
internal sealed class CodeownersFactory(Random random)
{
    private const string Security = "@" + Vocabulary.Organisation + "/platform-security";

    private static readonly string[] Header =
    [
        "# Who approves what. GitJit counts approvals only from the code owners of a request file.",
        "# The last matching line wins, as on GitHub.",
        "",
        $"*                                      {Security}",
        $"*.md                                   @{Vocabulary.Organisation}/docs",
        $"/docs/                                 @{Vocabulary.Organisation}/docs {Security}",
        $"/policies/                             {Security}",
        $"/schemas/                              {Security}",
        $"/.github/                              {Security}",
        $"**/logs                                @{Vocabulary.Organisation}/sre",
        $"src/*                                  @{Vocabulary.Organisation}/backend",
        "",
    ];

    public List<string> Create(IReadOnlyList<PolicySpec> policies, int targetLines)
    {
        var lines = new List<string>(Header);
        var roomForBlocks = targetLines - lines.Count - policies.Count >= 3 * policies.Count;
        foreach (var policy in policies)
        {
            if (roomForBlocks)
            {
                lines.Add($"# {policy.Resource}: {policy.Description}");
            }
            var people = random.Subset(policy.Logins, 0, 2).Select(login => "@" + login);
            lines.Add(Owned($"/access-requests/{policy.Resource}/", [Team(policy.OwnerTeam), .. people]));
            if (roomForBlocks)
            {
                lines.Add(Owned($"/policies/{policy.Resource}.yaml", [Security, Team(policy.OwnerTeam)]));
                lines.Add("");
            }
        }
        var services = policies.Select(p => p.OwnerTeam).ToList();
        for (var section = 0; lines.Count < targetLines; section++)
        {
            lines.AddRange(Section(section, services).Take(targetLines - lines.Count));
        }
        return lines;
    }

    /// <summary>Ten lines about the monorepo around the access files: services, docs, logs, SQL.</summary>
    private IEnumerable<string> Section(int section, IReadOnlyList<string> teams)
    {
        var team = random.Pick(teams);
        var service = team[..team.LastIndexOf('-')];
        yield return $"# {service} service, section {section + 1}";
        yield return Owned($"/services/{service}/", [Team(team)]);
        yield return Owned($"/services/{service}/**/logs", [Team("sre"), Team(team)]);
        yield return Owned($"src/{service}/*", [Team(team)]);
        yield return Owned($"src/{service}/*.sql", [Team("dba")]);
        yield return Owned($"/docs/runbooks/{service}.md", [Team(team), Team("sre")]);
        yield return Owned($"/infra/terraform/{service}/", [Team("infra"), Team(team)]);
        yield return Owned($"/services/{service}/migrations/", [Team("dba"), Team(team)]);
        yield return Owned($"/deploy/{service}/*.yml", [Team("release-managers")]);
        yield return "";
    }

    private static string Team(string name) => $"@{Vocabulary.Organisation}/{name}";

    private static string Owned(string pattern, IEnumerable<string> owners) => pattern.PadRight(38) + " " + string.Join(' ', owners);
}
