using GitJit.Cli.GitHub;
using GitJit.Cli.Requesting;
using GitJit.Core.Audit;

namespace GitJit.Cli.Status;

/// <summary>
/// Prints <c>gitjit status</c>: one row per active or scheduled grant and pending request (grant or pull request, requester,
/// resource, role, expires, state), then a summary that says why pending requests were not listed, when they were not.
/// Values from records and pull requests are hostile: control characters are shown as <c>\u…</c> escapes.
/// </summary>
public sealed class StatusWriter(CliConsole console, StatusFormat format, DateTimeOffset now)
{
    private static readonly string[] Headings = ["GRANT/PR", "REQUESTER", "RESOURCE", "ROLE", "EXPIRES", "STATE"];

    public async Task WriteAsync(IReadOnlyList<ActiveGrant> grants, OriginUrl? origin, IReadOnlyList<PendingRequest>? pending, string? notListed)
    {
        ArgumentNullException.ThrowIfNull(grants);
        var repository = origin is null ? "" : $"{origin.Owner}/{origin.Name}";
        if (format == StatusFormat.Json)
        {
            await console.Out.WriteLineAsync(Json.Write(new
            {
                Grants = grants.Select(g => new
                {
                    g.Request,
                    g.Requester,
                    g.Resource,
                    g.Role,
                    ExpiresAt = AuditJson.FormatTime(g.ExpiresAt),
                    ExpiresInSeconds = (long)Math.Floor((g.ExpiresAt - now).TotalSeconds),
                    StartsAt = g.StartsAt is { } start ? AuditJson.FormatTime(start) : null,
                    State = State(g),
                }),
                Pending = pending?.Select(p => new
                {
                    PullRequest = $"{repository}#{p.Number}",
                    Url = p.HtmlUrl,
                    p.Author,
                    p.Requester,
                    p.Resource,
                    p.Role,
                    p.Duration,
                    p.Path,
                    State = "pending",
                }),
                PendingNotListed = pending is null ? notListed : null,
            })).ConfigureAwait(false);
            return;
        }

        var rows = grants.Select(g => new[]
            {
                g.Request, g.Requester, g.Resource, g.Role, $"{AuditJson.FormatTime(g.ExpiresAt)} ({Remaining.Format(g.ExpiresAt - now)})",
                g.StartsAt is { } start ? $"scheduled from {AuditJson.FormatTime(start)}" : "active",
            })
            .Concat((pending ?? []).Select(p => new[]
            {
                $"{repository}#{p.Number}", p.Requester ?? p.Author, p.Resource, p.Role, p.Duration is null ? null : $"{p.Duration} after merge", "pending",
            }))
            .Select(r => r.Select(v => AuditReportWriter.Visible(v ?? "-")).ToArray())
            .ToList();
        if (rows.Count > 0)
        {
            var widths = Headings.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
            await console.Out.WriteLineAsync(Aligned(Headings, widths)).ConfigureAwait(false);
            foreach (var row in rows) await console.Out.WriteLineAsync(Aligned(row, widths)).ConfigureAwait(false);
            await console.Out.WriteLineAsync().ConfigureAwait(false);
        }
        var scheduled = grants.Count(g => g.StartsAt is not null);
        var summary = $"{grants.Count - scheduled} active grant(s), " + (scheduled > 0 ? $"{scheduled} scheduled, " : "") + (pending is null ? $"pending requests not listed: {notListed}" : $"{pending.Count} pending request(s)");
        await console.Out.WriteLineAsync(summary).ConfigureAwait(false);
    }

    private static string State(ActiveGrant grant) => grant.StartsAt is null ? "active" : "scheduled";

    private static string Aligned(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
}
