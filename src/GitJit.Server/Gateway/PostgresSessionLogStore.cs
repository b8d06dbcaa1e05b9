using GitJit.Core.Audit;
using GitJit.Gateway.Sessions;
using GitJit.Server.Hosting;
using Npgsql;

namespace GitJit.Server.Gateway;

/// <summary>
/// The statement log in GitJit's PostgreSQL, tables <c>gitjit_gateway_sessions</c> and <c>gitjit_gateway_statements</c>,
/// shared by every instance: whichever gateway instance held a session, every page shows it. Statements are kept in
/// arrival order (a sequence), with normalized text only.
/// </summary>
public sealed class PostgresSessionLogStore : ISessionLogStore
{
    internal const string Sessions = "gitjit_gateway_sessions";
    internal const string Statements = "gitjit_gateway_statements";

    private const string StatementColumns = "session_id, at, text, fingerprint, kind, outcome, sql_state, rows, duration_us, guardrail, reason";

    private readonly NpgsqlDataSource database;
    private readonly Lazy<Task> created;

    public PostgresSessionLogStore(NpgsqlDataSource database)
    {
        this.database = database;
        created = new(() => CreateTablesAsync(database));
    }

    public async Task WriteAsync(IReadOnlyList<SessionLogEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0) return;
        await created.Value.ConfigureAwait(false);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var entry in entries) batch.BatchCommands.Add(Command(entry));
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlBatchCommand Command(SessionLogEntry entry)
    {
        var session = entry.Session;
        NpgsqlBatchCommand command;
        if (entry.Statement is { } statement)
        {
            command = new NpgsqlBatchCommand($"insert into {Statements} (grant_id, {StatementColumns}) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)");
            Add(command, session.GrantId, session.Id, statement.At, statement.Text, statement.Fingerprint, statement.Kind, statement.Outcome.ToString(), statement.SqlState,
                statement.Rows, (long)statement.Duration.TotalMicroseconds, statement.Guardrail, statement.Reason);
        }
        else if (entry.EndedAt is { } endedAt)
        {
            command = new NpgsqlBatchCommand($"update {Sessions} set ended_at = $2, end_reason = $3 where session_id = $1");
            Add(command, session.Id, endedAt, entry.EndReason);
        }
        else
        {
            command = new NpgsqlBatchCommand(
                $"insert into {Sessions} (session_id, grant_id, login_user, client, application_name, instance, started_at) values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing");
            Add(command, session.Id, session.GrantId, session.User, session.Client.ToString(), session.ApplicationName, session.Instance, session.StartedAt);
        }
        return command;
    }

    private static void Add(NpgsqlBatchCommand command, params object?[] values)
    {
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
    }

    public async Task<GatewayActivity> ReadAsync(string grantId, int lastStatements, CancellationToken cancellationToken)
    {
        await created.Value.ConfigureAwait(false);
        var sessions = new List<SessionSummary>();
        await using (var select = database.CreateCommand(
            $"""
            select s.session_id, s.login_user, s.client, s.application_name, s.instance, s.started_at, s.ended_at, s.end_reason,
                count(t.id), count(t.id) filter (where t.outcome = 'Refused'), count(t.id) filter (where t.outcome = 'Failed')
            from {Sessions} s left join {Statements} t on t.session_id = s.session_id
            where s.grant_id = $1
            group by s.session_id
            order by s.started_at desc
            limit {GatewayActivity.MaxSessions}
            """))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = grantId });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                sessions.Add(new SessionSummary(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), await StringOrNullAsync(reader, 3, cancellationToken).ConfigureAwait(false),
                    reader.GetString(4), await reader.GetFieldValueAsync<DateTimeOffset>(5, cancellationToken).ConfigureAwait(false),
                    await reader.IsDBNullAsync(6, cancellationToken).ConfigureAwait(false) ? null : await reader.GetFieldValueAsync<DateTimeOffset>(6, cancellationToken).ConfigureAwait(false),
                    await StringOrNullAsync(reader, 7, cancellationToken).ConfigureAwait(false), reader.GetInt64(8), reader.GetInt64(9), reader.GetInt64(10)));
            }
        }
        var recent = await StatementsAsync(grantId, "", lastStatements, cancellationToken).ConfigureAwait(false);
        var refused = await StatementsAsync(grantId, "and outcome = 'Refused'", GatewayActivity.MaxRefused, cancellationToken).ConfigureAwait(false);
        return new GatewayActivity(sessions, recent, refused);
    }

    public async Task PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await created.Value.ConfigureAwait(false);
        await using var batch = database.CreateBatch();
        var statements = new NpgsqlBatchCommand($"delete from {Statements} where at < $1");
        statements.Parameters.Add(new NpgsqlParameter { Value = before });
        batch.BatchCommands.Add(statements);
        var sessions = new NpgsqlBatchCommand($"delete from {Sessions} s where coalesce(s.ended_at, s.started_at) < $1 and not exists (select 1 from {Statements} t where t.session_id = s.session_id)");
        sessions.Parameters.Add(new NpgsqlParameter { Value = before });
        batch.BatchCommands.Add(sessions);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyDictionary<string, GatewayTally>> TallyAsync(IReadOnlyCollection<string> grantIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grantIds);
        var tallies = new Dictionary<string, GatewayTally>(StringComparer.Ordinal);
        if (grantIds.Count == 0) return tallies;
        await created.Value.ConfigureAwait(false);
        await using var select = database.CreateCommand(
            $"select grant_id, count(*), count(*) filter (where outcome = 'Refused') from {Statements} where grant_id = any($1) group by grant_id");
        select.Parameters.Add(new NpgsqlParameter { Value = grantIds.ToArray() });
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            tallies[reader.GetString(0)] = new GatewayTally(reader.GetInt64(1), reader.GetInt64(2));
        }
        return tallies;
    }

    /// <summary>The grant's last <paramref name="limit"/> statements matching <paramref name="condition"/> (a constant of this class), oldest first.</summary>
    private async Task<IReadOnlyList<LoggedStatement>> StatementsAsync(string grantId, string condition, int limit, CancellationToken cancellationToken)
    {
        await using var select = database.CreateCommand($"select {StatementColumns} from {Statements} where grant_id = $1 {condition} order by id desc limit $2");
        select.Parameters.Add(new NpgsqlParameter { Value = grantId });
        select.Parameters.Add(new NpgsqlParameter { Value = Math.Max(0, limit) });
        var statements = new List<LoggedStatement>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var outcome = Enum.TryParse<StatementOutcome>(reader.GetString(5), out var parsed) ? parsed : StatementOutcome.Failed;
            statements.Add(new LoggedStatement(reader.GetGuid(0), new StatementEvent(
                await reader.GetFieldValueAsync<DateTimeOffset>(1, cancellationToken).ConfigureAwait(false),
                await StringOrNullAsync(reader, 2, cancellationToken).ConfigureAwait(false),
                await StringOrNullAsync(reader, 3, cancellationToken).ConfigureAwait(false),
                reader.GetString(4),
                outcome,
                await StringOrNullAsync(reader, 6, cancellationToken).ConfigureAwait(false),
                await reader.IsDBNullAsync(7, cancellationToken).ConfigureAwait(false) ? null : reader.GetInt64(7),
                TimeSpan.FromMicroseconds(reader.GetInt64(8)),
                await StringOrNullAsync(reader, 9, cancellationToken).ConfigureAwait(false),
                await StringOrNullAsync(reader, 10, cancellationToken).ConfigureAwait(false))));
        }
        statements.Reverse();
        return statements;
    }

    public async Task<SessionReport?> ReportAsync(string grantId, CancellationToken cancellationToken)
    {
        await created.Value.ConfigureAwait(false);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // One snapshot, so the counts and the lists agree.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        var sessions = new List<(Guid Id, SessionReportSession Session)>();
        long sessionCount = 0;
        await EachRowAsync(connection, transaction,
            $"select session_id, client, application_name, started_at, ended_at, count(*) over () from {Sessions} where grant_id = $1 order by started_at limit {SessionReport.MaxSessions}",
            async reader =>
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    sessions.Add((reader.GetGuid(0), new SessionReportSession(reader.GetString(1),
                        await reader.GetFieldValueAsync<DateTimeOffset>(3, cancellationToken).ConfigureAwait(false),
                        new Dictionary<string, long>(StringComparer.Ordinal),
                        await StringOrNullAsync(reader, 2, cancellationToken).ConfigureAwait(false),
                        await reader.IsDBNullAsync(4, cancellationToken).ConfigureAwait(false) ? null : await reader.GetFieldValueAsync<DateTimeOffset>(4, cancellationToken).ConfigureAwait(false))));
                    sessionCount = reader.GetInt64(5);
                }
            },
            cancellationToken, grantId).ConfigureAwait(false);
        if (sessions.Count == 0) return null;
        await EachRowAsync(connection, transaction,
            $"select session_id, kind, count(*) from {Statements} where grant_id = $1 and session_id = any($2) group by session_id, kind order by session_id, kind",
            async reader =>
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var id = reader.GetGuid(0);
                    ((Dictionary<string, long>)sessions.First(s => s.Id == id).Session.Kinds)[reader.GetString(1)] = reader.GetInt64(2);
                }
            },
            cancellationToken, grantId, sessions.Select(s => s.Id).ToArray()).ConfigureAwait(false);
        long statements = 0, refusedCount = 0, shapes = 0;
        await EachRowAsync(connection, transaction,
            $"select count(*), count(*) filter (where outcome = 'Refused'), count(distinct coalesce(fingerprint, '')) from {Statements} where grant_id = $1",
            async reader =>
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                (statements, refusedCount, shapes) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            },
            cancellationToken, grantId).ConfigureAwait(false);
        var fingerprints = new List<SessionReportFingerprint>();
        await EachRowAsync(connection, transaction,
            $"select fingerprint, min(text), count(*), sum(duration_us) from {Statements} where grant_id = $1 group by fingerprint order by count(*) desc, fingerprint limit {SessionReport.MaxFingerprints}",
            async reader =>
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    fingerprints.Add(new SessionReportFingerprint(reader.GetInt64(2), (double)reader.GetDecimal(3) / 1000,
                        await StringOrNullAsync(reader, 0, cancellationToken).ConfigureAwait(false),
                        SessionReport.Cut(await StringOrNullAsync(reader, 1, cancellationToken).ConfigureAwait(false))));
                }
            },
            cancellationToken, grantId).ConfigureAwait(false);
        var refused = new List<SessionReportRefusal>();
        await EachRowAsync(connection, transaction,
            $"select at, text, kind, guardrail, reason from {Statements} where grant_id = $1 and outcome = 'Refused' order by id limit {SessionReport.MaxRefused}",
            async reader =>
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    refused.Add(new SessionReportRefusal(await reader.GetFieldValueAsync<DateTimeOffset>(0, cancellationToken).ConfigureAwait(false), reader.GetString(2),
                        SessionReport.Cut(await StringOrNullAsync(reader, 1, cancellationToken).ConfigureAwait(false)),
                        await StringOrNullAsync(reader, 3, cancellationToken).ConfigureAwait(false), SessionReport.Cut(await StringOrNullAsync(reader, 4, cancellationToken).ConfigureAwait(false))));
                }
            },
            cancellationToken, grantId).ConfigureAwait(false);
        return new SessionReport
        {
            Statements = statements,
            Refused = refusedCount,
            Sessions = [.. sessions.Select(s => s.Session)],
            SessionsLeftOut = sessionCount > sessions.Count ? (int)(sessionCount - sessions.Count) : null,
            Fingerprints = fingerprints,
            FingerprintsLeftOut = shapes > fingerprints.Count ? shapes - fingerprints.Count : null,
            RefusedAttempts = refused,
            RefusedLeftOut = refusedCount > refused.Count ? refusedCount - refused.Count : null,
        };
    }

    /// <summary>Runs <paramref name="sql"/> with <paramref name="values"/> as $1, $2…, and gives <paramref name="read"/> the reader once it is open.</summary>
    private static async Task EachRowAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, Func<NpgsqlDataReader, Task> read, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await read(reader).ConfigureAwait(false);
    }

    private static async Task<string?> StringOrNullAsync(NpgsqlDataReader reader, int ordinal, CancellationToken cancellationToken) =>
        await reader.IsDBNullAsync(ordinal, cancellationToken).ConfigureAwait(false) ? null : reader.GetString(ordinal);

    private static Task CreateTablesAsync(NpgsqlDataSource database) => PostgresTables.CreateAsync(database, Statements,
        $"""
            create table if not exists {Sessions} (
                session_id uuid primary key,
                grant_id text not null,
                login_user text not null,
                client text not null,
                application_name text,
                instance text not null,
                started_at timestamptz not null,
                ended_at timestamptz,
                end_reason text);
            create index if not exists {Sessions}_grant on {Sessions} (grant_id, started_at);
            create table if not exists {Statements} (
                id bigint generated always as identity primary key,
                grant_id text not null,
                session_id uuid not null,
                at timestamptz not null,
                text text,
                fingerprint text,
                kind text not null,
                outcome text not null,
                sql_state text,
                rows bigint,
                duration_us bigint not null,
                guardrail text,
                reason text);
            create index if not exists {Statements}_grant on {Statements} (grant_id, id);
            create index if not exists {Statements}_session on {Statements} (session_id);
            create index if not exists {Statements}_refused on {Statements} (grant_id, id) where outcome = 'Refused';
            """);
}
