using System.Globalization;
using Npgsql;

namespace GitJit.Testing.Faults;

/// <summary>
/// What the server's PostgreSQL job storage holds that can keep work from running after a kill, for a run's notes:
/// locks in Hangfire's lock table (a killed holder leaves them), advisory locks held in the job database (they die with
/// their holder's connection), and jobs fetched by a worker and not finished (a killed worker leaves them invisible
/// until their timeout).
/// </summary>
internal static class JobStorageDiagnosis
{
    public static async Task<IReadOnlyList<string>> ReadAsync(string jobs, CancellationToken cancellationToken)
    {
        var found = new List<string>();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(jobs) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (await ExistsAsync(connection, "gitjit_hangfire.lock", cancellationToken).ConfigureAwait(false))
        {
            await using var locks = new NpgsqlCommand("select resource, acquired from gitjit_hangfire.lock where resource like '%pull-request%' order by acquired", connection);
            await using var reader = await locks.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                found.Add(string.Create(CultureInfo.InvariantCulture, $"Hangfire lock {reader.GetString(0)} held since {reader.GetValue(1)}"));
            }
        }
        await using (var advisory = new NpgsqlCommand(
            "select l.pid, a.state, a.xact_start from pg_locks l left join pg_stat_activity a on a.pid = l.pid where l.locktype = 'advisory' and l.granted and l.database = (select oid from pg_database where datname = current_database()) order by a.xact_start", connection))
        await using (var reader = await advisory.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                found.Add(string.Create(CultureInfo.InvariantCulture, $"advisory lock held by backend {reader.GetValue(0)} ({reader.GetValue(1)}) since {reader.GetValue(2)}"));
            }
        }
        if (await ExistsAsync(connection, "gitjit_hangfire.jobqueue", cancellationToken).ConfigureAwait(false))
        {
            await using var fetched = new NpgsqlCommand(
                "select q.jobid, coalesce(j.invocationdata::text, ''), q.fetchedat from gitjit_hangfire.jobqueue q left join gitjit_hangfire.job j on j.id = q.jobid where q.fetchedat is not null order by q.fetchedat", connection);
            await using var reader = await fetched.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var invocation = reader.GetString(1);
                var method = System.Text.RegularExpressions.Regex.Match(invocation, "\"Type\":\\s*\"(?:[^\",]*\\.)?([^\".,]+),[^\"]*\",\\s*\"Method\":\\s*\"([^\"]+)\"") is { Success: true } m ? $"{m.Groups[1].Value}.{m.Groups[2].Value}" : "a job";
                found.Add(string.Create(CultureInfo.InvariantCulture, $"job {reader.GetValue(0)} ({method}) fetched at {reader.GetValue(2)} and not finished"));
            }
        }
        return found;
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("select to_regclass($1) is not null", connection);
        exists.Parameters.Add(new NpgsqlParameter { Value = table });
        return (bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
