using GitJit.Audit;
using GitJit.Cli.GitHub;
using GitJit.Cli.Requesting;
using GitJit.Cli.Status;
using GitJit.Core;
using GitJit.Core.Model;
using LibGit2Sharp;

namespace GitJit.Cli.Commands;

/// <summary>Options of <c>gitjit status [--mine] [--requester LOGIN] [--repo DIR] [--format text|json]</c>.</summary>
public sealed record StatusOptions(bool Mine, string? Requester, string Repository, StatusFormat Format);

/// <summary>
/// Lists the grants in force, from the audit records in the clone (<c>audit/</c> at HEAD), and the pending requests:
/// open pull requests that add a request file, through GitHub's API when there is a token. Without one, it says that
/// pending requests were not listed and why. Exit 0; 2 on a usage, git or GitHub error (after printing what it has).
/// </summary>
public sealed class StatusCommand(CliConsole console, CliEnvironment environment, TimeProvider timeProvider)
{
    public async Task<int> RunAsync(StatusOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Requester is not null && !options.Mine) return await FailAsync("--requester goes with --mine").ConfigureAwait(false);
        if (options.Requester is not null && !Names.IsLogin(options.Requester)) return await FailAsync($"--requester: {Text.Quote(options.Requester)} is not a GitHub login").ConfigureAwait(false);
        if (AuditHistory.FindRepository(options.Repository) is not { } gitFolder)
        {
            return await FailAsync($"{options.Repository} is not in a git clone; clone the access repository first").ConfigureAwait(false);
        }

        var now = timeProvider.GetUtcNow();
        IReadOnlyList<ActiveGrant> grants;
        OriginUrl? origin;
        try
        {
            grants = ActiveGrant.From(AuditHistory.Read(gitFolder, since: null).Entries.Select(e => e.Record), now);
            origin = OriginUrl.OfClone(gitFolder);
        }
        catch (LibGit2SharpException e)
        {
            return await FailAsync($"cannot read {options.Repository}: {e.Message}").ConfigureAwait(false);
        }

        var (api, notListed) = Api(origin);
        string? login = options.Requester;
        if (options.Mine && login is null)
        {
            if (api is null) return await FailAsync($"--mine needs to know who you are: {notListed}; or say --requester LOGIN").ConfigureAwait(false);
            try
            {
                login = await api.CurrentLoginAsync().ConfigureAwait(false);
            }
            catch (GitHubApiException e)
            {
                return await FailAsync(e.Message).ConfigureAwait(false);
            }
        }

        IReadOnlyList<PendingRequest>? pending = null;
        var failed = false;
        if (api is not null && origin is not null)
        {
            try
            {
                pending = await api.PendingRequestsAsync(origin.Owner, origin.Name, cancellationToken).ConfigureAwait(false);
            }
            catch (GitHubApiException e)
            {
                (notListed, failed) = (e.Message, true);
            }
        }

        if (login is not null)
        {
            grants = [.. grants.Where(g => string.Equals(g.Requester, login, StringComparison.OrdinalIgnoreCase))];
            pending = pending?.Where(p => string.Equals(p.Requester ?? p.Author, login, StringComparison.OrdinalIgnoreCase)).ToList();
        }
        await new StatusWriter(console, options.Format, now).WriteAsync(grants, origin, pending, notListed).ConfigureAwait(false);
        return failed ? ExitCodes.UsageOrIo : ExitCodes.Clean;
    }

    /// <summary>The API to list pending requests with, or null and why not.</summary>
    private (GitHubApi? Api, string? NotListed) Api(OriginUrl? origin)
    {
        if (origin is null) return (null, "the clone has no GitHub 'origin' remote");
        if (GitHubApi.UrlFrom(environment, out var problem) is not { } apiUrl) return (null, problem);
        return GitHubToken.Find(environment, GitHubApi.HostOf(apiUrl)) is { } token
            ? (new GitHubApi(apiUrl, token), null)
            : (null, $"no GitHub token ({GitHubToken.Sources})");
    }

    private async Task<int> FailAsync(string message)
    {
        await console.Error.WriteLineAsync("gitjit status: " + message).ConfigureAwait(false);
        return ExitCodes.UsageOrIo;
    }
}
