using System.Text.Json;
using GitJit.Core.Audit;
using GitJit.Gateway.Sessions;

namespace GitJit.Server.Gateway;

/// <summary>
/// The statement log for a single machine: one file of JSON lines per grant in the data directory
/// (<c>gateway/sessions/&lt;grant id, escaped&gt;.jsonl</c>), appended in order; a line per session start, statement and
/// end. Normalized text only, as the gateway gives it. Written by one writer at a time (<see cref="SessionLog"/>'s).
/// </summary>
public sealed class FileSessionLogStore(string folder) : ISessionLogStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public async Task WriteAsync(IReadOnlyList<SessionLogEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Directory.CreateDirectory(folder);
        foreach (var grant in entries.GroupBy(e => e.Session.GrantId, StringComparer.Ordinal))
        {
            var lines = grant.Select(e => JsonSerializer.Serialize(Line.From(e), Json));
            await File.AppendAllLinesAsync(FileOf(grant.Key), lines, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<SessionReport?> ReportAsync(string grantId, CancellationToken cancellationToken)
    {
        var sessions = new List<(Guid Id, SessionReportSession Session)>();
        var sessionCount = 0;
        var fingerprints = new Dictionary<string, (string? Fingerprint, string? Text, long Count, double Milliseconds)>(StringComparer.Ordinal);
        var refused = new List<SessionReportRefusal>();
        long statements = 0, refusedCount = 0;
        await foreach (var line in LinesAsync(grantId, cancellationToken).ConfigureAwait(false))
        {
            if (line.Statement is { } statement)
            {
                statements++;
                var index = sessions.FindIndex(s => s.Id == line.Session);
                if (index >= 0)
                {
                    var kinds = (Dictionary<string, long>)sessions[index].Session.Kinds;
                    kinds[statement.Kind] = kinds.GetValueOrDefault(statement.Kind) + 1;
                }
                var key = statement.Fingerprint ?? "";
                var shape = fingerprints.GetValueOrDefault(key, (statement.Fingerprint, statement.Text, 0, 0));
                fingerprints[key] = (shape.Fingerprint, shape.Text ?? statement.Text, shape.Count + 1, shape.Milliseconds + statement.Duration.TotalMilliseconds);
                if (statement.Outcome == StatementOutcome.Refused)
                {
                    refusedCount++;
                    if (refused.Count < SessionReport.MaxRefused)
                    {
                        refused.Add(new SessionReportRefusal(statement.At, statement.Kind, SessionReport.Cut(statement.Text), statement.Guardrail, SessionReport.Cut(statement.Reason)));
                    }
                }
            }
            else if (line.EndedAt is { } endedAt)
            {
                var index = sessions.FindIndex(s => s.Id == line.Session);
                if (index >= 0) sessions[index] = (line.Session, sessions[index].Session with { EndedAt = endedAt });
            }
            else if (line.StartedAt is { } startedAt)
            {
                sessionCount++;
                if (sessions.Count < SessionReport.MaxSessions)
                {
                    sessions.Add((line.Session, new SessionReportSession(line.Client ?? "", startedAt, new Dictionary<string, long>(StringComparer.Ordinal), line.ApplicationName)));
                }
            }
        }
        if (sessionCount == 0) return null;
        var top = fingerprints.Values.OrderByDescending(f => f.Count).ThenBy(f => f.Fingerprint, StringComparer.Ordinal).Take(SessionReport.MaxFingerprints)
            .Select(f => new SessionReportFingerprint(f.Count, f.Milliseconds, f.Fingerprint, SessionReport.Cut(f.Text))).ToList();
        return new SessionReport
        {
            Statements = statements,
            Refused = refusedCount,
            Sessions = [.. sessions.OrderBy(s => s.Session.StartedAt).Select(s => s.Session)],
            SessionsLeftOut = sessionCount > sessions.Count ? sessionCount - sessions.Count : null,
            Fingerprints = top,
            FingerprintsLeftOut = fingerprints.Count > top.Count ? fingerprints.Count - top.Count : null,
            RefusedAttempts = refused,
            RefusedLeftOut = refusedCount > refused.Count ? refusedCount - refused.Count : null,
        };
    }

    /// <summary>The grant's lines in order; lines a crash cut short are skipped.</summary>
    private async IAsyncEnumerable<Line> LinesAsync(string grantId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var file = FileOf(grantId);
        if (!File.Exists(file)) yield break;
        await foreach (var text in File.ReadLinesAsync(file, cancellationToken).ConfigureAwait(false))
        {
            Line? line;
            try
            {
                line = JsonSerializer.Deserialize<Line>(text, Json);
            }
            catch (JsonException)
            {
                continue;
            }
            if (line is not null) yield return line;
        }
    }

    public async Task<GatewayActivity> ReadAsync(string grantId, int lastStatements, CancellationToken cancellationToken)
    {
        var sessions = new Dictionary<Guid, SessionSummary>();
        var recent = new Queue<LoggedStatement>();
        var refused = new Queue<LoggedStatement>();
        await foreach (var line in LinesAsync(grantId, cancellationToken).ConfigureAwait(false))
        {
            if (line.Statement is { } statement)
            {
                if (sessions.TryGetValue(line.Session, out var summary))
                {
                    sessions[line.Session] = summary with
                    {
                        Statements = summary.Statements + 1,
                        Refused = summary.Refused + (statement.Outcome == StatementOutcome.Refused ? 1 : 0),
                        Failed = summary.Failed + (statement.Outcome == StatementOutcome.Failed ? 1 : 0),
                    };
                }
                Keep(recent, new LoggedStatement(line.Session, statement), lastStatements);
                if (statement.Outcome == StatementOutcome.Refused) Keep(refused, new LoggedStatement(line.Session, statement), GatewayActivity.MaxRefused);
            }
            else if (line.EndedAt is { } endedAt)
            {
                if (sessions.TryGetValue(line.Session, out var summary)) sessions[line.Session] = summary with { EndedAt = endedAt, EndReason = line.EndReason };
            }
            else if (line.StartedAt is { } startedAt)
            {
                sessions.TryAdd(line.Session, new SessionSummary(line.Session, line.User ?? "", line.Client ?? "", line.ApplicationName, line.Instance ?? "", startedAt, null, null, 0, 0, 0));
            }
        }
        if (sessions.Count == 0 && recent.Count == 0) return GatewayActivity.None;
        return new GatewayActivity([.. sessions.Values.OrderByDescending(s => s.StartedAt).Take(GatewayActivity.MaxSessions)], [.. recent], [.. refused]);
    }

    /// <summary>Deletes the files of grants whose log was last written before <paramref name="before"/>.</summary>
    public Task PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder)) return Task.CompletedTask;
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*.jsonl"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (file.LastWriteTimeUtc < before.UtcDateTime) file.Delete();
        }
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyDictionary<string, GatewayTally>> TallyAsync(IReadOnlyCollection<string> grantIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grantIds);
        var tallies = new Dictionary<string, GatewayTally>(StringComparer.Ordinal);
        foreach (var grantId in grantIds.Distinct(StringComparer.Ordinal))
        {
            var (statements, refused) = (0L, 0L);
            await foreach (var line in LinesAsync(grantId, cancellationToken).ConfigureAwait(false))
            {
                if (line.Statement is not { } statement) continue;
                statements++;
                if (statement.Outcome == StatementOutcome.Refused) refused++;
            }
            if (statements > 0) tallies[grantId] = new GatewayTally(statements, refused);
        }
        return tallies;
    }

    private static void Keep(Queue<LoggedStatement> queue, LoggedStatement statement, int limit)
    {
        if (limit <= 0) return;
        queue.Enqueue(statement);
        while (queue.Count > limit) queue.Dequeue();
    }

    private string FileOf(string grantId) => Path.Combine(folder, Uri.EscapeDataString(grantId) + ".jsonl");

    /// <summary>One line of the file: a start (with the session's details), a statement, or an end.</summary>
    private sealed record Line(
        Guid Session,
        string? User = null,
        string? Client = null,
        string? ApplicationName = null,
        string? Instance = null,
        DateTimeOffset? StartedAt = null,
        StatementEvent? Statement = null,
        DateTimeOffset? EndedAt = null,
        string? EndReason = null)
    {
        public static Line From(SessionLogEntry entry)
        {
            var session = entry.Session;
            return entry.IsStart
                ? new Line(session.Id, session.User, session.Client.ToString(), session.ApplicationName, session.Instance, session.StartedAt)
                : new Line(session.Id, Statement: entry.Statement, EndedAt: entry.EndedAt, EndReason: entry.EndReason);
        }
    }
}
