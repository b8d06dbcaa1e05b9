using GitJit.Core.Model;

namespace GitJit.Core.Grants;

/// <summary>
/// Access to provision: the merged request's effective plan with its expiry. <see cref="Id"/> names the grant
/// everywhere — in the target (role comment), in audit records and commit trailers: <c>owner/repo#pull</c>.
/// <see cref="RequesterId"/>: the requester's GitHub user id, when known.
/// </summary>
public sealed record Grant(
    string Id,
    string Requester,
    string Resource,
    string Role,
    string Provider,
    PolicyTarget Target,
    Guardrails Guardrails,
    DateTimeOffset ExpiresAt,
    long? RequesterId = null)
{
    /// <summary>The id of the grant a merged pull request makes: one pull request merges once.</summary>
    public static string IdFor(string repository, int pullRequest) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{repository}#{pullRequest}");
}
