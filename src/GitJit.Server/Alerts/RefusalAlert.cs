using System.Globalization;
using System.Text;
using GitJit.Core.Rendering;
using GitJit.Server.Grants;

namespace GitJit.Server.Alerts;

/// <summary>
/// What one alert says: the first refused statement of a grant since its last alert, and how many more were refused
/// until this one was sent (by guardrail). Carries the statement's normalized text only, never a literal value.
/// </summary>
/// <param name="GrantId">The grant, <c>owner/repo#pull</c>.</param>
/// <param name="At">When the statement was refused.</param>
/// <param name="User">The gateway login.</param>
/// <param name="Client">The client's address.</param>
/// <param name="ApplicationName">The client's application_name, when it gave one.</param>
/// <param name="Kind">The statement's kind.</param>
/// <param name="Guardrail">The guardrail that refused it.</param>
/// <param name="Reason">What the client was told.</param>
/// <param name="Text">The normalized statement (literals as <c>$n</c>), shortened; null when it could not be read.</param>
/// <param name="MoreSince">Refusals after it, before this alert, by guardrail.</param>
public sealed record RefusalAlert(
    string GrantId,
    DateTimeOffset At,
    string User,
    string Client,
    string? ApplicationName,
    string Kind,
    string Guardrail,
    string Reason,
    string? Text,
    IReadOnlyDictionary<string, int> MoreSince)
{
    /// <summary>The longest statement text an alert carries.</summary>
    public const int MaxText = 300;

    public int More => MoreSince.Values.Sum();

    /// <summary>The pull request's comment: Markdown, every value escaped, no mention can notify anyone.</summary>
    public string CommentBody()
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"⛔ The gateway refused a statement of this grant at **{GrantComments.Utc(At)}**: {Markdown.Escape(Reason)}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"- guardrail: {Markdown.Code(Guardrail)}, statement kind: {Markdown.Code(Kind)}\n");
        md.Append(CultureInfo.InvariantCulture, $"- session: {Markdown.Code(User)} from {Markdown.Code(Client)}{(ApplicationName is { Length: > 0 } app ? $" ({Markdown.Code(app)})" : "")}\n");
        if (Text is not null) md.Append(CultureInfo.InvariantCulture, $"- statement, values left out: {Markdown.Code(Text)}\n");
        if (More > 0) md.Append(CultureInfo.InvariantCulture, $"\n…and {Count(More)} refused since, before this alert: {Tally()}.\n");
        return md.ToString().TrimEnd('\n');
    }

    /// <summary>The webhook's text: plain, one or two lines.</summary>
    public string WebhookText() =>
        string.Create(CultureInfo.InvariantCulture, $"GitJit gateway refused a statement of grant {GrantId} at {GrantComments.Utc(At)} ({User} from {Client}): {Reason}")
        + (More > 0 ? string.Create(CultureInfo.InvariantCulture, $"\n…and {Count(More)} refused since: {Tally()}.") : "");

    private string Tally() => string.Join(", ", MoreSince.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
        .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} ×{p.Value}")));

    private static string Count(int n) => n == 1 ? "1 more statement" : string.Create(CultureInfo.InvariantCulture, $"{n} more statements");

}
