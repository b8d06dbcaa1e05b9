using System.Collections.Concurrent;
using GitJit.Core.Audit;
using GitJit.Core.Decisions;
using GitJit.Server.Hosting;
using Npgsql;

namespace GitJit.Server.Grants;

/// <summary>
/// The access repositories GitJit has granted from, and on which branches their records live, so the reconciler and the
/// pages know whose audit trails to read. With PostgreSQL they are kept in <c>gitjit_access_repositories</c> (shared by
/// instances, kept across restarts); otherwise in a file, so a restart of a single machine still knows where to look
/// for grants whose access is gone but whose revocation is not yet recorded. Only a cache of where to look: git stays
/// the record of what was granted. Each location is kept with the repository's default branch as it was then, and
/// only granting branches (<see cref="GrantingBranches"/>) are ever given out: a branch that stopped granting, or a
/// location kept without its default branch, is not read, so its records speak for no access.
/// </summary>
public sealed class AccessRepositories
{
    private const string Table = "gitjit_access_repositories";
    private readonly ConcurrentDictionary<(string Repository, string Branch), Remembered> known = new();
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
            foreach (var remembered in System.Text.Json.JsonSerializer.Deserialize<List<Remembered>>(File.ReadAllText(this.file)) ?? [])
            {
                if (remembered.Location is { } location) known[(location.Repository.ToLowerInvariant(), location.Branch)] = remembered;
            }
        }
    }

    /// <summary>Remembers that records of the repository live on <paramref name="location"/>'s branch; <paramref name="defaultBranch"/> is the repository's.</summary>
    public async Task RememberAsync(AuditLocation location, string defaultBranch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentException.ThrowIfNullOrEmpty(defaultBranch);
        var key = (location.Repository.ToLowerInvariant(), location.Branch);
        var remembered = new Remembered(location, defaultBranch);
        if (known.TryGetValue(key, out var seen) && seen == remembered) return;
        known[key] = remembered;
        if (database is null)
        {
            Save();
            return;
        }
        await created.Value.ConfigureAwait(false);
        await using var upsert = database.CreateCommand(
            $"insert into {Table} (repository, installation, clone_url, branch, default_branch) values ($1, $2, $3, $4, $5) " +
            "on conflict (repository, branch) do update set installation = excluded.installation, clone_url = excluded.clone_url, default_branch = excluded.default_branch");
        upsert.Parameters.Add(new NpgsqlParameter { Value = location.Repository });
        upsert.Parameters.Add(new NpgsqlParameter { Value = location.Installation });
        upsert.Parameters.Add(new NpgsqlParameter { Value = location.CloneUrl });
        upsert.Parameters.Add(new NpgsqlParameter { Value = location.Branch });
        upsert.Parameters.Add(new NpgsqlParameter { Value = defaultBranch });
        await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every remembered location on a branch that grants.</summary>
    public async Task<IReadOnlyList<AuditLocation>> AllAsync(CancellationToken cancellationToken) =>
        [.. (await RememberedAsync(cancellationToken).ConfigureAwait(false))
            .Where(r => r.Location is not null && r.DefaultBranch is { Length: > 0 } defaultBranch && branches.Allows(r.Location.Branch, defaultBranch))
            .Select(r => r.Location!)];

    private async Task<IReadOnlyList<Remembered>> RememberedAsync(CancellationToken cancellationToken)
    {
        if (database is null) return [.. known.Values];
        await created.Value.ConfigureAwait(false);
        await using var select = database.CreateCommand($"select repository, installation, clone_url, branch, default_branch from {Table}");
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var all = new List<Remembered>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var defaultBranch = await reader.IsDBNullAsync(4, cancellationToken).ConfigureAwait(false) ? null : reader.GetString(4);
            all.Add(new Remembered(new AuditLocation(reader.GetInt64(1), reader.GetString(0), reader.GetString(2), reader.GetString(3)), defaultBranch));
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

    /// <summary>Tables made before default branches were kept get the column; their rows have none, so they are not read.</summary>
    private static Task CreateTableAsync(NpgsqlDataSource database) => PostgresTables.CreateAsync(database, Table,
        $"""
            create table if not exists {Table} (
                repository text not null,
                installation bigint not null,
                clone_url text not null,
                branch text not null,
                primary key (repository, branch));
            alter table {Table} add column if not exists default_branch text;
            """);

    /// <summary>A location and the repository's default branch when it was remembered (null in a list written before they were kept).</summary>
    private sealed record Remembered(AuditLocation? Location, string? DefaultBranch);
}
