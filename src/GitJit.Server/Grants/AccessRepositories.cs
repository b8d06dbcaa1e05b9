using System.Collections.Concurrent;
using GitJit.Core.Audit;
using GitJit.Core.Decisions;
using Npgsql;

namespace GitJit.Server.Grants;

/// <summary>
/// The access repositories (and branches: requests may be merged into more than one) GitJit has granted from, so the
/// reconciler knows whose audit trails to read. With
/// PostgreSQL they are kept in <c>gitjit_access_repositories</c> (shared by instances, kept across restarts);
/// otherwise in a file, so a restart of a single machine still knows where to look for grants whose access is gone
/// but whose revocation is not yet recorded. Only a cache of where to look: git stays the record of what was granted.
/// Only granting branches are remembered (merge decisions record nowhere else); when the operator names the granting
/// branches, a remembered branch no longer named is not read, so its records stop speaking for any access.
/// </summary>
public sealed class AccessRepositories
{
    private const string Table = "gitjit_access_repositories";
    private readonly ConcurrentDictionary<(string Repository, string Branch), AuditLocation> known = new();
    private readonly NpgsqlDataSource? database;
    private readonly string? file;
    private readonly Lazy<Task> created;
    private readonly Lock writing = new();
    private readonly GrantingBranches branches;

    public AccessRepositories(NpgsqlDataSource? database = null, string? file = null, GrantingBranches? branches = null)
    {
        this.branches = branches ?? new GrantingBranches();
        this.database = database;
        this.file = database is null ? file : null;
        created = new(() => database is null ? Task.CompletedTask : CreateTableAsync(database));
        if (this.file is not null && File.Exists(this.file))
        {
            foreach (var location in System.Text.Json.JsonSerializer.Deserialize<List<AuditLocation>>(File.ReadAllText(this.file)) ?? [])
            {
                known[(location.Repository.ToLowerInvariant(), location.Branch)] = location;
            }
        }
    }

    public async Task RememberAsync(AuditLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        var key = (location.Repository.ToLowerInvariant(), location.Branch);
        if (known.TryGetValue(key, out var seen) && seen == location) return;
        known[key] = location;
        if (database is null)
        {
            Save();
            return;
        }
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

    public async Task<IReadOnlyList<AuditLocation>> AllAsync(CancellationToken cancellationToken) =>
        [.. (await RememberedAsync(cancellationToken).ConfigureAwait(false)).Where(l => branches.MayGrant(l.Branch))];

    private async Task<IReadOnlyList<AuditLocation>> RememberedAsync(CancellationToken cancellationToken)
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

    /// <summary>Replaces the file in one rename, so a crash leaves the old list or the new one.</summary>
    private void Save()
    {
        if (file is null) return;
        lock (writing)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            var temporary = file + ".tmp";
            File.WriteAllText(temporary, System.Text.Json.JsonSerializer.Serialize(known.Values.ToList()));
            File.Move(temporary, file, overwrite: true);
        }
    }

    private static Task CreateTableAsync(NpgsqlDataSource database) => PostgresTables.CreateAsync(database, Table,
        $"""
            create table if not exists {Table} (
                repository text not null,
                installation bigint not null,
                clone_url text not null,
                branch text not null,
                primary key (repository, branch));
            """);
}
