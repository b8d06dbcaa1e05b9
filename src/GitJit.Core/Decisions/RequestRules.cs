using GitJit.Core.Decisions.Rules;
using GitJit.Core.Model;
using GitJit.Core.Repository;

namespace GitJit.Core.Decisions;

/// <summary>
/// The static rules: everything that can be said of a request file from the repository alone, with no pull request.
/// <c>gitjit validate</c>, <c>gitjit plan</c> and the bot all evaluate requests here. Every rule of
/// <see cref="RuleSet.Request"/> runs; all findings are gathered, in the rules' order. <c>now</c> is the
/// moment of the decision, from the caller's clock.
/// </summary>
public static class RequestRules
{
    public static async Task<RequestEvaluation> EvaluateAsync(AccessRepository repository, string path, ReadOnlyMemory<byte> content, TeamDirectory teams, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(teams);
        var request = await RequestContext.ReadAsync(repository, path, content, teams, now, cancellationToken).ConfigureAwait(false);
        var findings = RuleSet.Request.SelectMany(rule => rule.Check(request)).ToList();
        return new RequestEvaluation(request.Document, request.Policy, request.Role, request.Effective, request.Owners, findings);
    }
}
