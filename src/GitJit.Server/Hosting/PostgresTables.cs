using Npgsql;

namespace GitJit.Server.Hosting;

/// <summary>GitJit's own tables in its PostgreSQL, created on first use.</summary>
internal static class PostgresTables
{
    /// <summary>
    /// Runs <paramref name="ddl"/> (<c>create … if not exists</c>) under an advisory lock named after
    /// <paramref name="table"/>: instances starting together would otherwise race on "create table if not exists".
    /// </summary>
    public static async Task CreateAsync(NpgsqlDataSource database, string table, string ddl)
    {
        await using var connection = await database.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using (var command = new NpgsqlCommand($"select pg_advisory_xact_lock(hashtext('{table}'));\n{ddl}", connection, transaction))
        {
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        await transaction.CommitAsync().ConfigureAwait(false);
    }
}
