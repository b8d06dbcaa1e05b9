using System.Globalization;
using System.Text.RegularExpressions;
using GitJit.Server.Grants;

namespace GitJit.Server.Alerts;

/// <summary>
/// Access that outlived its expiry because ending it failed again (the revocation job failed or was lost, and the
/// reconciler's attempt failed too), or could not be tried: the target cannot be reached, or a job has held the pull
/// request's lock since before the expiry.
/// </summary>
/// <param name="GrantId">The grant, <c>owner/repo#pull</c>.</param>
/// <param name="ExpiresAt">When its access should have ended.</param>
/// <param name="At">When the reconciler found it still there.</param>
/// <param name="Why">What failed, with any credentials in a URL left out.</param>
public sealed partial record OverdueAlert(string GrantId, DateTimeOffset ExpiresAt, DateTimeOffset At, string Why)
{
    /// <summary>The longest reason an alert carries.</summary>
    public const int MaxWhy = 300;

    /// <summary>An alert on <paramref name="grantId"/> for <paramref name="error"/>'s message, shortened, with credentials in URLs removed.</summary>
    public static OverdueAlert For(string grantId, DateTimeOffset expiresAt, DateTimeOffset at, string error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var why = UrlCredentials().Replace(error, "://");
        return new OverdueAlert(grantId, expiresAt, at, why.Length > MaxWhy ? why[..MaxWhy] + "…" : why);
    }

    public TimeSpan Late => At - ExpiresAt;

    /// <summary>
    /// The pull request's comment. Everyone who can read the repository reads it, so it leaves out why (an error can
    /// name the target's host): that goes to the log (event 1028) and the operators' webhook.
    /// </summary>
    public string CommentBody() => string.Create(CultureInfo.InvariantCulture,
        $"⚠️ **GitJit could not end this grant on time.** Its access expired at **{GrantComments.Utc(ExpiresAt)}** and was still there {Minutes(Late)} later; the operators are told why (GitJit's log, event 1028).\n\nGitJit tries again every minute, and says here when the access is gone.");

    /// <summary>The webhook's text: plain, one line.</summary>
    public string WebhookText() => string.Create(CultureInfo.InvariantCulture,
        $"GitJit could not end grant {GrantId}: its access expired at {GrantComments.Utc(ExpiresAt)} and was still there {Minutes(Late)} later: {Why}");

    private static string Minutes(TimeSpan late) =>
        late < TimeSpan.FromMinutes(2) ? string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)late.TotalSeconds)} s") : string.Create(CultureInfo.InvariantCulture, $"{(int)late.TotalMinutes} min");


    [GeneratedRegex("://[^/\\s@]+@", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex UrlCredentials();
}
