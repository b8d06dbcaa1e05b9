using System.Text;
using GitJit.Core;
using GitJit.Core.Audit;
using GitJit.Core.Model;

namespace GitJit.Audit;

/// <summary>
/// The message of a record's commit: a subject <c>gitjit: &lt;event&gt; &lt;request&gt;</c>, a one-line summary for people,
/// and the trailers last, so that <c>git log --grep "GitJit-Request: acme/access#42"</c> finds a grant's whole story.
/// </summary>
public static class AuditCommitMessage
{
    public const string RequestTrailer = "GitJit-Request";

    public const string EventTrailer = "GitJit-Event";

    private const int MaxSummaryLength = 200;

    public static string For(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var name = AuditPaths.Name(record.Event);
        return $"gitjit: {name} {record.Request}\n\n{Summary(record)}\n\n{RequestTrailer}: {record.Request}\n{EventTrailer}: {name}\n";
    }

    /// <summary>One line saying what happened, in words.</summary>
    public static string Summary(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var who = record.Requester ?? "someone";
        var what = $"{record.Role ?? "access"} on {record.Resource ?? "an unknown resource"}";
        var summary = record.Event switch
        {
            AuditEvent.Granted => $"{who} was granted {what} until {Time(record.ExpiresAt)}"
                + (record.Emergency == true ? $" in an emergency, without approval, to be reviewed by {Time(record.FollowUpBy)}" : "")
                + (record.Approvals is { Count: > 0 } approvals ? ", approved by " + Text.List(approvals.Select(a => a.Reviewer)) : "")
                + (record.ApprovedByRule is not null ? ", approved by rule" : ""),
            AuditEvent.Refused => $"{who} was refused {what}"
                + (record.Problems is { Count: > 0 } problems ? $": {problems.Count} problem(s), first {problems[0]}" : ""),
            AuditEvent.Revoked when record.Reason == AuditReason.Cancelled =>
                $"{who}'s {what}, scheduled from {Time(record.StartsAt)}, was cancelled at {Time(record.RevokedAt ?? record.At)} before it began" + (record.By is { } canceller ? $" by {canceller}" : ""),
            AuditEvent.Revoked => $"{who}'s {what} was revoked at {Time(record.RevokedAt ?? record.At)}"
                + (record.Reason is { } reason ? $" ({Name(reason)})" : "")
                + (record.SessionsEnded is { } sessions ? $", {sessions} session(s) ended" : "")
                + Issued(record),
            AuditEvent.OrphanRevoked => $"access of {record.Principal ?? "an unknown principal"} on {record.Resource ?? "an unknown resource"} with no active grant was revoked at {Time(record.RevokedAt ?? record.At)}"
                + Issued(record),
            AuditEvent.CredentialsIssued => $"credentials for {record.Request} ({what}) issued to {record.By ?? who} at {Time(record.At)}"
                + (record.Sequence is { } sequence ? $" (reveal {sequence})" : ""),
            AuditEvent.Extended => $"{who}'s {what} was extended until {Time(record.ExpiresAt)}"
                + (record.Extension is { } added ? $" (+{GrantDuration.Format(added)})" : "")
                + (record.By is { } by ? $" by {by}" : "")
                + (record.Sequence is { } number ? $" (extension {number})" : ""),
            AuditEvent.Reviewed => $"{who}'s emergency {what} was approved afterwards"
                + (record.Approvals is { Count: > 0 } reviewers ? " by " + Text.List(reviewers.Select(a => a.Reviewer)) : ""),
            AuditEvent.Unreviewed => $"{who}'s emergency {what} was not approved by {Time(record.FollowUpBy)}; marked for review",
            AuditEvent.Scheduled => $"{who} is to be granted {what} from {Time(record.StartsAt)} until {Time(record.ExpiresAt)}"
                + (record.Approvals is { Count: > 0 } scheduledBy ? ", approved by " + Text.List(scheduledBy.Select(a => a.Reviewer)) : "")
                + (record.ApprovedByRule is not null ? ", approved by rule" : ""),
            _ => throw new ArgumentOutOfRangeException(nameof(record)),
        };
        return OneLine(summary);
    }

    /// <summary>The trailers of a message: the <c>Key: value</c> lines of its last paragraph, in order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Trailers(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var paragraphs = message.ReplaceLineEndings("\n").TrimEnd('\n').Split("\n\n");
        if (paragraphs.Length < 2) return [];
        var trailers = new List<KeyValuePair<string, string>>();
        foreach (var line in paragraphs[^1].Split('\n'))
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon <= 0 || line[..colon].Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-')) return [];
            trailers.Add(new(line[..colon], line[(colon + 2)..].Trim()));
        }
        return trailers;
    }

    private static string Issued(AuditRecord record) => record.CredentialsIssued is { } issued ? $", credentials issued {issued} time(s)" : "";

    private static string Time(DateTimeOffset? time) => time is { } t ? AuditJson.FormatTime(t) : "an unknown time";

    private static string Name(AuditReason reason) => reason switch
    {
        AuditReason.Expired => "expired",
        AuditReason.Early => "early",
        AuditReason.Emergency => "emergency",
        AuditReason.Orphan => "orphan",
        AuditReason.Refused => "refused",
        AuditReason.Unreviewed => "unreviewed",
        AuditReason.Cancelled => "cancelled",
        _ => reason.ToString(),
    };

    private static string OneLine(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxSummaryLength + 1));
        foreach (var c in text)
        {
            if (builder.Length == MaxSummaryLength)
            {
                builder.Append('…');
                break;
            }
            builder.Append(char.IsControl(c) || char.IsSurrogate(c) ? ' ' : c);
        }
        return builder.ToString();
    }
}
