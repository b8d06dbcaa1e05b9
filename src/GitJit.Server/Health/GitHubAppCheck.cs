using GitJit.GitHub;

namespace GitJit.Server.Health;

/// <summary>
/// Whether GitHub accepts the App's credentials (<c>GET /app</c>), for <c>/healthz</c>. Anyone may ask /healthz, and each
/// call to GitHub spends the App's rate limit, so GitHub's answer is kept: an acceptance for
/// <see cref="AcceptedFor"/>, a refusal or no answer for <see cref="RefusedFor"/> (so recovery shows soon). Callers
/// arriving while GitHub is being asked share that one call.
/// </summary>
public sealed class GitHubAppCheck(GitHubAppClients clients, TimeProvider time)
{
    public static readonly TimeSpan AcceptedFor = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan RefusedFor = TimeSpan.FromSeconds(5);

    private readonly Lock gate = new();
    private Task<GitHubAppAnswer>? answer;
    private DateTimeOffset freshUntil;

    /// <summary>GitHub's latest answer while it is fresh, else a new one (one call, however many ask).</summary>
    public Task<GitHubAppAnswer> CheckAsync()
    {
        lock (gate)
        {
            if (answer is null || (answer.IsCompleted && time.GetUtcNow() >= freshUntil)) answer = AskAsync();
            return answer;
        }
    }

    private async Task<GitHubAppAnswer> AskAsync()
    {
        // Never on the caller's thread inside the lock, and never bound to one caller's cancellation.
        await Task.Yield();
        var result = await AskGitHubAsync().ConfigureAwait(false);
        lock (gate) freshUntil = time.GetUtcNow() + (result.Problem is null ? AcceptedFor : RefusedFor);
        return result;
    }

    private async Task<GitHubAppAnswer> AskGitHubAsync()
    {
        try
        {
            var app = await clients.ForApp().GitHubApps.GetCurrent().ConfigureAwait(false);
            return new GitHubAppAnswer(app.Slug, null);
        }
        catch (Octokit.ApiException e)
        {
            return new GitHubAppAnswer(null, $"GitHub refused the App's credentials ({(int)e.StatusCode})");
        }
        catch (HttpRequestException e)
        {
            return new GitHubAppAnswer(null, "GitHub does not answer: " + e.Message);
        }
        catch (TaskCanceledException)
        {
            return new GitHubAppAnswer(null, "GitHub does not answer in time");
        }
    }
}

/// <summary>GitHub's answer for the App: its slug when GitHub accepts the credentials, else the problem.</summary>
public sealed record GitHubAppAnswer(string? App, string? Problem);
