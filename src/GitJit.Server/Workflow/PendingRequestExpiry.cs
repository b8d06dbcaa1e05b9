using System.Globalization;
using GitJit.Core.Decisions;
using GitJit.Core.Documents;
using GitJit.Core.Model;
using GitJit.Core.Repository;
using GitJit.Core.Yaml;
using GitJit.GitHub;
using Octokit;

namespace GitJit.Server.Workflow;

/// <summary>
/// Whether an open pull request is an access request that has waited longer than its policy allows
/// (<see cref="Policy.RequestsExpireAfter"/>, read from the base branch; <see cref="Policy.RequestsExpireAfterDefault"/>
/// when the request or its policy cannot be read), and closing it with one comment saying why and how to ask again.
/// Its wait is counted from its opening or, once reopened, from its last reopening: a reopened request has its policy's
/// whole limit again. Only pull requests that add a file under <c>access-requests/</c> are looked at.
/// </summary>
public sealed class PendingRequestExpiry(GitHubAppClients clients, TimeProvider time)
{
    /// <summary>The comment's marker: one per expiry, named by the moment its wait began, so a retry never posts twice.</summary>
    public static string MarkerName(DateTimeOffset waitingSince) =>
        "expired-" + waitingSince.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>The expired request <paramref name="listed"/> is, or null: not an access request, or still within its limit.</summary>
    public async Task<ExpiredRequest?> FindAsync(IGitHubClient client, string owner, string repository, PullRequest listed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(listed);
        var now = time.GetUtcNow();
        // No policy gives less than an hour: younger pull requests cost no call.
        if (now - listed.CreatedAt <= Policy.RequestsExpireAfterMinimum) return null;

        var files = await client.PullRequest.Files(owner, repository, listed.Number).ConfigureAwait(false);
        var added = files.Where(f => f.Status == "added" && RequestLocation.IsUnderRequests(f.FileName)).Select(f => f.FileName)
            .Order(StringComparer.Ordinal).FirstOrDefault();
        if (added is null) return null;

        var (limit, policyPath) = await LimitAsync(client, owner, repository, listed, added, cancellationToken).ConfigureAwait(false);
        if (now - listed.CreatedAt <= limit) return null;

        // Reopened after an expiry (or any close): its wait starts again then. Read only for requests already too old.
        var events = await client.Issue.Events.GetAllForIssue(owner, repository, listed.Number).ConfigureAwait(false);
        var since = events.Where(e => e.Event.StringValue == "reopened").Select(e => e.CreatedAt).Append(listed.CreatedAt).Max();
        if (now - since <= limit) return null;
        return new ExpiredRequest(owner, repository, listed.Number, added, since, now - since, limit, policyPath);
    }

    /// <summary>Posts the expiry comment (once for this wait) and closes the pull request; safe to run again.</summary>
    public async Task CloseAsync(IGitHubClient client, long installationId, ExpiredRequest expired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(expired);
        await MarkedComment.EnsureAsync(clients, installationId, expired.Owner, expired.Repository, expired.Number, MarkerName(expired.WaitingSince),
            Comment(expired), cancellationToken).ConfigureAwait(false);
        await client.PullRequest.Update(expired.Owner, expired.Repository, expired.Number, new PullRequestUpdate { State = ItemState.Closed }).ConfigureAwait(false);
    }

    /// <summary>The comment: how long it waited, under which limit, that nothing was granted, and how to ask again.</summary>
    public static string Comment(ExpiredRequest expired)
    {
        ArgumentNullException.ThrowIfNull(expired);
        var limit = GrantDuration.Format(expired.Limit);
        var under = expired.PolicyPath is { } path
            ? $"`{path}` closes pending requests after **{limit}** (`requestsExpireAfter`)"
            : $"GitJit closes pending requests after **{limit}** when their policy cannot be read";
        return $"""
            ⌛ **This access request expired.** It was open for {Age(expired.Age)} without being merged, and {under}. Nothing was granted.

            To ask again, open a new pull request with the request, or reopen this one: a reopened request is checked again and has another {limit} to be approved and merged.
            """;
    }

    private static string Age(TimeSpan age) => age >= TimeSpan.FromDays(1)
        ? Count((int)age.TotalDays, "day")
        : Count((int)age.TotalHours, "hour");

    private static string Count(int count, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"**{count} {unit}{(count == 1 ? "" : "s")}**");

    /// <summary>
    /// The limit of the policy the request names, on the base branch as it is now, and that policy's path; the default and
    /// null when the request or the policy cannot be read or is invalid. GitHub's failures are not taken for a missing file.
    /// </summary>
    private static async Task<(TimeSpan Limit, string? PolicyPath)> LimitAsync(IGitHubClient client, string owner, string repository, PullRequest listed,
        string requestPath, CancellationToken cancellationToken)
    {
        var rules = await AccessRepository.OpenAsync(new GitHubRepositorySnapshot(client, owner, repository, listed.Base.Ref), cancellationToken).ConfigureAwait(false);
        var file = await new GitHubRepositorySnapshot(client, owner, repository, listed.Head.Sha).ReadFileAsync(requestPath, YamlLimits.Default.MaxBytes, cancellationToken).ConfigureAwait(false);
        if (file is null || file.IsSymbolicLink) return (Policy.RequestsExpireAfterDefault, null);
        var request = RequestDocument.Read(requestPath, file.Content.Span, rules.RequestSchema);
        var resource = request.Request?.Resource ?? (request.Root?["resource"] as YamlScalar)?.Value;
        if (!Names.IsSlug(resource)) return (Policy.RequestsExpireAfterDefault, null);
        var policy = await rules.PolicyAsync(resource!, cancellationToken).ConfigureAwait(false);
        return policy?.Policy is { } readable ? (readable.RequestsExpireAfter, policy.Path) : (Policy.RequestsExpireAfterDefault, null);
    }
}

/// <summary>
/// An open access request past its limit: <see cref="Age"/> since <see cref="WaitingSince"/> (its opening or last
/// reopening) exceeds <see cref="Limit"/>, from <see cref="PolicyPath"/> (null: the default).
/// </summary>
public sealed record ExpiredRequest(string Owner, string Repository, int Number, string RequestPath, DateTimeOffset WaitingSince, TimeSpan Age, TimeSpan Limit, string? PolicyPath);
