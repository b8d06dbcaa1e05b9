using System.Globalization;
using System.Text;
using System.Text.Json;
using GitJit.Audit;
using GitJit.Core.Audit;
using GitJit.Core.Model;

namespace GitJit.Cli;

/// <summary>
/// Prints an audit: the timeline (aligned table, JSON, or CSV with a header) and the anomalies (in CSV, on the
/// error stream, so that the output stays one table). The table and CSV count each grant's credential reveals and
/// extensions; JSON lists them. Values from records are hostile: control characters are shown as <c>\u…</c> escapes.
/// </summary>
public sealed class AuditReportWriter(CliConsole console, AuditFormat format)
{
    private static readonly string[] Columns = ["request", "status", "requester", "resource", "role", "grantedAt", "expiresAt", "revokedAt", "reason", "late", "credentialsIssued", "extensions", "emergency"];

    private static readonly string[] Headings = ["REQUEST", "STATUS", "REQUESTER", "RESOURCE", "ROLE", "GRANTED", "EXPIRES", "REVOKED", "REASON", "LATE", "REVEALS", "EXTENDED", "EMERGENCY"];

    public async Task WriteAsync(IReadOnlyList<GrantTimeline> timeline, IReadOnlyList<AuditAnomaly> anomalies)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(anomalies);
        switch (format)
        {
            case AuditFormat.Json:
                await console.Out.WriteLineAsync(Json.Write(new
                {
                    Timeline = timeline.Select(t => new
                    {
                        t.Request,
                        Status = Name(t.Status),
                        t.Requester,
                        t.Resource,
                        t.Role,
                        StartsAt = Time(t.StartsAt),
                        GrantedAt = Time(t.GrantedAt),
                        ExpiresAt = Time(t.ExpiresAt),
                        RevokedAt = Time(t.RevokedAt),
                        Reason = t.Reason is { } reason ? Name(reason) : null,
                        LatenessSeconds = t.Lateness is { } late ? (long?)Math.Ceiling(late.TotalSeconds) : null,
                        CredentialsIssued = t.CredentialsIssued.Select(r => new { r.Sequence, At = Time(r.At), r.By }),
                        Extensions = t.Extensions.Select(e => new
                        {
                            e.Sequence, At = Time(e.At), e.By, ExpiresAt = Time(e.ExpiresAt), Added = e.Added is { } added ? GrantDuration.Format(added) : null, e.PullRequest,
                        }),
                        Emergency = t.Emergency is { } review ? Name(review) : null,
                    }),
                    Anomalies = anomalies.Select(a => new { a.Code, a.Message, a.Request, a.Path, a.CommitId }),
                    Summary = new { Grants = timeline.Count, Anomalies = anomalies.Count, IsClean = anomalies.Count == 0 },
                })).ConfigureAwait(false);
                break;
            case AuditFormat.Csv:
                await console.Out.WriteLineAsync(string.Join(',', Columns)).ConfigureAwait(false);
                foreach (var row in Rows(timeline)) await console.Out.WriteLineAsync(string.Join(',', row.Select(v => Csv(v is null ? null : Visible(v))))).ConfigureAwait(false);
                foreach (var anomaly in anomalies) await console.Error.WriteLineAsync(Line(anomaly)).ConfigureAwait(false);
                break;
            default:
                foreach (var line in Table(timeline)) await console.Out.WriteLineAsync(line).ConfigureAwait(false);
                foreach (var anomaly in anomalies) await console.Out.WriteLineAsync(Line(anomaly)).ConfigureAwait(false);
                await console.Out.WriteLineAsync($"{timeline.Count} grant(s), {anomalies.Count} anomal{(anomalies.Count == 1 ? "y" : "ies")}").ConfigureAwait(false);
                break;
        }
    }

    /// <summary><c>where: anomaly: message [code]</c>, like a finding.</summary>
    public static string Line(AuditAnomaly anomaly)
    {
        ArgumentNullException.ThrowIfNull(anomaly);
        return $"{Visible(anomaly.Path ?? anomaly.Request ?? AuditPaths.Folder)}: anomaly: {Visible(anomaly.Message)} [{anomaly.Code}]";
    }

    private IEnumerable<string> Table(IReadOnlyList<GrantTimeline> timeline)
    {
        if (timeline.Count == 0) yield break;
        var rows = Rows(timeline).Select(r => r.Select(v => Visible(v ?? "-")).ToArray()).ToList();
        var widths = Headings.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        yield return Aligned(Headings, widths);
        foreach (var row in rows) yield return Aligned(row, widths);
        yield return "";
    }

    private static string Aligned(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();

    private IEnumerable<string?[]> Rows(IReadOnlyList<GrantTimeline> timeline) =>
        timeline.Select(t => new[]
        {
            t.Request, Name(t.Status), t.Requester, t.Resource, t.Role, Time(t.GrantedAt), Time(t.ExpiresAt), Time(t.RevokedAt),
            t.Reason is { } reason ? Name(reason) : null,
            t.Lateness is { } late ? (format == AuditFormat.Csv ? Math.Ceiling(late.TotalSeconds).ToString(CultureInfo.InvariantCulture) : AuditVerifier.FormatDuration(late)) : null,
            t.CredentialsIssued.Count.ToString(CultureInfo.InvariantCulture),
            t.Extensions.Count.ToString(CultureInfo.InvariantCulture),
            t.Emergency is { } review ? Name(review) : null,
        });

    private static string? Time(DateTimeOffset? time) => time is { } t ? AuditJson.FormatTime(t) : null;

    private static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.</summary>
    private static string Csv(string? value)
    {
        if (value is null) return "";
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    internal static string Visible(string value)
    {
        if (!value.Any(IsHidden)) return value;
        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (IsHidden(c)) builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            else builder.Append(c);
        }
        return builder.ToString();
    }

    private static bool IsHidden(char c) =>
        char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
