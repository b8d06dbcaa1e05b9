using System.Collections.Concurrent;
using GitJit.Core.Audit;
using Npgsql;

namespace GitJit.Server.Grants;

/// <summary>
/// The access repositories (and branches: requests may be merged into more than one) GitJit has granted from, so the
/// reconciler knows whose audit trails to read. With
/// PostgreSQL they are kept in <c>gitjit_access_repositories</c> (shared by instances, kept across restarts); in
/// memory otherwise. Only a cache of where to look: git stays the record of what was granted.
/// </summary>
public sealed class AccessRepositories(NpgsqlDataSource? database = null)
{
    private const string Table = "gitjit_access_repositories";
    private readonly ConcurrentDictionary<(string Repository, string Branch), AuditLocation> known = new();
    private readonly Lazy<Task> created = new(() => database is null ? Task.CompletedTask : CreateTableAsync(database));

    public async Task RememberAsync(AuditLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var key = (location.Repository.ToLowerInvariant(), location.Branch);
        if (known.TryGetValue(key, out var seen) && seen == location) return;
        known[key] = location;
        if (database is null) return;
        await created.Value.ConfigureAwait(false);
        await using var upsert = database.CreateCommand(
            $"insert into {Table} (repository, installation, clone_url, branch) values ($1, $2, $3, $4) " +
            "on conflict (repository, branch) do update set installation = excluded.installation, clone_url = excluded.clone_url");
        upsert.Parameters.Add(new NpgsqlParameter { Value = location.Repository });
        upsert.Parameters.Add(new NpgsqlParameter { Value = location.Installation });
        upsert.Parameters.Add(new NpgsqlParameter { Value = location.CloneUrl });
        upsert.Parameters.Add(new NpgsqlParameter { Value = location.Branch });
        await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AuditLocation>> AllAsync(CancellationToken cancellationToken)
    {
        if (database is null) return [.. known.Values];
        await created.Value.ConfigureAwait(false);
        await using var select = database.CreateCommand($"select repository, installation, clone_url, branch from {Table}");
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var all = new List<AuditLocation>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            all.Add(new AuditLocation(reader.GetInt64(1), reader.GetString(0), reader.GetString(2), reader.GetString(3)));
        }
        return all;
    }

    private static async Task CreateTableAsync(NpgsqlDataSource database)
    {
        await using var connection = await database.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using (var command = new NpgsqlCommand(
            $"""
            select pg_advisory_xact_lock(hashtext('{Table}'));
            create table if not exists {Table} (
                repository text not null,
                installation bigint not null,
                clone_url text not null,
                branch text not null,
                primary key (repository, branch));
            """, connection, transaction))
        {
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        await transaction.CommitAsync().ConfigureAwait(false);
    }
}
