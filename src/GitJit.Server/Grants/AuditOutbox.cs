using System.Text;
using System.Text.Json;
using GitJit.Core.Audit;
using GitJit.Server.Hosting;
using Npgsql;

namespace GitJit.Server.Grants;

/// <summary>
/// Audit records on their way to git, kept where a crash or an unreachable remote cannot lose them: with PostgreSQL in
/// <c>gitjit_audit_outbox</c> (shared by instances), otherwise in a file under the data directory. A record is added
/// before it is pushed and removed once git has it, so git stays the record and this holds only what it has not
/// received yet, in the order it was written (by id).
/// </summary>
public sealed class AuditOutbox
{
    private const string Table = "gitjit_audit_outbox";
    private readonly NpgsqlDataSource? database;
    private readonly string? file;
    private readonly Lazy<Task> created;
    private readonly Lock gate = new();
    private readonly List<AuditOutboxEntry> entries = [];
    private readonly TimeProvider time;
    private long lastId;

    public AuditOutbox(NpgsqlDataSource? database = null, string? file = null, TimeProvider? time = null)
    {
        this.time = time ?? TimeProvider.System;
        this.database = database;
        this.file = database is null ? file : null;
        created = new(() => database is null ? Task.CompletedTask : CreateTableAsync(database));
        if (this.file is not null && File.Exists(this.file))
        {
            foreach (var saved in JsonSerializer.Deserialize<List<Saved>>(File.ReadAllText(this.file)) ?? [])
            {
                // A record that no longer reads (the file was edited) is left out rather than pushed.
                if (AuditJson.TryRead(Encoding.UTF8.GetBytes(saved.Record), out var record, out _)) entries.Add(new AuditOutboxEntry(saved.Id, saved.Location, record, saved.AddedAt));
                lastId = Math.Max(lastId, saved.Id);
            }
        }
    }

    /// <summary>Keeps <paramref name="record"/> until git has it; its id, which orders it after every record kept before.</summary>
    public async Task<long> AddAsync(AuditLocation location, AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(record);
        if (database is null)
        {
            lock (gate)
            {
                var entry = new AuditOutboxEntry(++lastId, location, record, time.GetUtcNow());
                entries.Add(entry);
                Save();
                return entry.Id;
            }
        }
        await created.Value.ConfigureAwait(false);
        await using var insert = database.CreateCommand(
            $"insert into {Table} (installation, repository, clone_url, branch, pull_request, record) values ($1, $2, $3, $4, $5, $6) returning id");
        insert.Parameters.Add(new NpgsqlParameter { Value = location.Installation });
        insert.Parameters.Add(new NpgsqlParameter { Value = location.Repository });
        insert.Parameters.Add(new NpgsqlParameter { Value = location.CloneUrl });
        insert.Parameters.Add(new NpgsqlParameter { Value = location.Branch });
        insert.Parameters.Add(new NpgsqlParameter { Value = record.PullRequest ?? 0 });
        insert.Parameters.Add(new NpgsqlParameter { Value = Encoding.UTF8.GetString(AuditJson.Write(record)) });
        return (long)(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>What waits for <paramref name="cloneUrl"/>'s <paramref name="branch"/> (one pull request's, when given), oldest first.</summary>
    public async Task<IReadOnlyList<AuditOutboxEntry>> PendingAsync(string cloneUrl, string branch, int? pullRequest, CancellationToken cancellationToken)
    {
        if (database is null)
        {
            lock (gate)
            {
                return [.. entries.Where(e => e.Location.CloneUrl == cloneUrl && e.Location.Branch == branch && (pullRequest is null || e.Record.PullRequest == pullRequest))];
            }
        }
        await created.Value.ConfigureAwait(false);
        await using var select = database.CreateCommand(
            $"select id, installation, repository, clone_url, branch, record, added_at from {Table} where clone_url = $1 and branch = $2 and ($3::int is null or pull_request = $3) order by id");
        select.Parameters.Add(new NpgsqlParameter { Value = cloneUrl });
        select.Parameters.Add(new NpgsqlParameter { Value = branch });
        select.Parameters.Add(new NpgsqlParameter { Value = (object?)pullRequest ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        return await ReadAsync(select, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Where records wait, with the oldest one's id and how many wait there.</summary>
    public async Task<IReadOnlyList<AuditOutboxBacklog>> BacklogAsync(CancellationToken cancellationToken)
    {
        if (database is null)
        {
            lock (gate)
            {
                return [.. entries.GroupBy(e => (e.Location.CloneUrl, e.Location.Branch))
                    .Select(g => new AuditOutboxBacklog(g.First().Location, g.Count(), g.First().AddedAt))];
            }
        }
        await created.Value.ConfigureAwait(false);
        await using var select = database.CreateCommand(
            $"""
            select distinct on (clone_url, branch) installation, repository, clone_url, branch,
                   count(*) over (partition by clone_url, branch), added_at
            from {Table} order by clone_url, branch, id
            """);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var backlog = new List<AuditOutboxBacklog>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            backlog.Add(new AuditOutboxBacklog(
                new AuditLocation(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)),
                (int)reader.GetInt64(4), await reader.GetFieldValueAsync<DateTimeOffset>(5, cancellationToken).ConfigureAwait(false)));
        }
        return backlog;
    }

    /// <summary>Forgets records git now has.</summary>
    public async Task RemoveAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0) return;
        if (database is null)
        {
            lock (gate)
            {
                entries.RemoveAll(e => ids.Contains(e.Id));
                Save();
            }
            return;
        }
        await created.Value.ConfigureAwait(false);
        await using var delete = database.CreateCommand($"delete from {Table} where id = any($1)");
        delete.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<AuditOutboxEntry>> ReadAsync(NpgsqlCommand select, CancellationToken cancellationToken)
    {
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var found = new List<AuditOutboxEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // Written by AuditJson, so it reads; a row someone edited into something else is not pushed.
            if (!AuditJson.TryRead(Encoding.UTF8.GetBytes(reader.GetString(5)), out var record, out _)) continue;
            found.Add(new AuditOutboxEntry(reader.GetInt64(0),
                new AuditLocation(reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)), record,
                await reader.GetFieldValueAsync<DateTimeOffset>(6, cancellationToken).ConfigureAwait(false)));
        }
        return found;
    }

    /// <summary>Replaces the file in one rename, so a crash leaves the old list or the new one.</summary>
    private void Save()
    {
        if (file is null) return;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var temporary = file + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(entries.Select(e => new Saved(e.Id, e.Location, Encoding.UTF8.GetString(AuditJson.Write(e.Record)), e.AddedAt)).ToList()));
        File.Move(temporary, file, overwrite: true);
    }

    private static Task CreateTableAsync(NpgsqlDataSource database) => PostgresTables.CreateAsync(database, Table,
        $"""
            create table if not exists {Table} (
                id bigint generated always as identity primary key,
                installation bigint not null,
                repository text not null,
                clone_url text not null,
                branch text not null,
                pull_request int not null,
                record text not null,
                added_at timestamptz not null default now());
            create index if not exists {Table}_remote on {Table} (clone_url, branch, id);
            """);

    private sealed record Saved(long Id, AuditLocation Location, string Record, DateTimeOffset AddedAt);
}

/// <summary>A record kept in the <see cref="AuditOutbox"/> under <paramref name="Id"/>, for <paramref name="Location"/>, since <paramref name="AddedAt"/>.</summary>
public sealed record AuditOutboxEntry(long Id, AuditLocation Location, AuditRecord Record, DateTimeOffset AddedAt);

/// <summary><paramref name="Count"/> records wait for <paramref name="Location"/>'s branch, the oldest since <paramref name="Since"/>.</summary>
public sealed record AuditOutboxBacklog(AuditLocation Location, int Count, DateTimeOffset Since);
