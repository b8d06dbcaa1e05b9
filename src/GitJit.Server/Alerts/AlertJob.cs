using GitJit.Core.Grants;
using Hangfire;
using Microsoft.Extensions.Options;

namespace GitJit.Server.Alerts;

/// <summary>
/// Sends one alert, as a Hangfire job so that a slow or failing receiver is retried without anyone waiting on it: a
/// comment on the grant's pull request (as the App's installation; named by the alert's time, so a retry never posts
/// it twice) or a POST to the configured webhook.
/// </summary>
public sealed class AlertJob(IInstalledRepositories repositories, IPullRequestComments comments, IHttpClientFactory http, IOptions<AlertOptions> options)
{
    public const string HttpClientName = "gitjit-alerts";

    [AutomaticRetry(Attempts = 5)]
    public async Task CommentAsync(RefusalAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        await CommentAsync(alert.GrantId, $"gateway-refusal-{alert.At.ToUnixTimeMilliseconds()}", alert.CommentBody(), cancellationToken).ConfigureAwait(false);
    }

    [AutomaticRetry(Attempts = 8)]
    public async Task WebhookAsync(RefusalAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        await PostAsync(alert.WebhookText(), cancellationToken).ConfigureAwait(false);
    }

    [AutomaticRetry(Attempts = 5)]
    public async Task OverdueCommentAsync(OverdueAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        await CommentAsync(alert.GrantId, $"overdue-{alert.At.ToUnixTimeMilliseconds()}", alert.CommentBody(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Comments <paramref name="body"/> on the grant's pull request unless the comment named <paramref name="marker"/> is there.</summary>
    private async Task CommentAsync(string grantId, string marker, string body, CancellationToken cancellationToken)
    {
        if (!TryParseGrant(grantId, out var owner, out var repository, out var number)) return;
        var installed = await repositories.FindAsync(owner, repository, cancellationToken).ConfigureAwait(false);
        await comments.EnsureAsync(installed.Installation, owner, repository, number, marker, body, cancellationToken).ConfigureAwait(false);
    }

    [AutomaticRetry(Attempts = 8)]
    public async Task OverdueWebhookAsync(OverdueAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        await PostAsync(alert.WebhookText(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Posts <paramref name="text"/> to the alert webhook (an emergency grant, and one left unreviewed).</summary>
    [AutomaticRetry(Attempts = 8)]
    public Task TextWebhookAsync(string text, CancellationToken cancellationToken) => PostAsync(text, cancellationToken);

    private async Task PostAsync(string text, CancellationToken cancellationToken)
    {
        if (options.Value.WebhookUrl is not { } url) return;
        using var client = http.CreateClient(HttpClientName);
        using var response = await client.PostAsJsonAsync(url, new { text }, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>A grant id, <c>owner/repo#pull</c>, as its parts.</summary>
    internal static bool TryParseGrant(string grantId, out string owner, out string repository, out int number)
    {
        owner = repository = "";
        number = 0;
        var hash = grantId.LastIndexOf('#');
        var slash = grantId.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || hash <= slash + 1) return false;
        owner = grantId[..slash];
        repository = grantId[(slash + 1)..hash];
        return int.TryParse(grantId.AsSpan(hash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number) && number > 0;
    }
}
