using Npgsql;

namespace GitJit.Server;

/// <summary>
/// Delivery ids in PostgreSQL, shared by every GitJit instance on the database and kept across restarts: a delivery
/// is recorded by exactly one insert, whoever gets there first.
/// </summary>
public sealed class PostgresDeliveryLog(NpgsqlDataSource database) : IDeliveryLog
{
    private const string Table = "gitjit_webhook_deliveries";
    private readonly Lazy<Task> created = new(() => CreateTableAsync(database));

    public async Task<bool> TryRecordAsync(string deliveryId, CancellationToken cancellationToken)
    {
        await created.Value.ConfigureAwait(false);
        await using var insert = database.CreateCommand($"insert into {Table} (delivery_id) values ($1) on conflict do nothing");
        insert.Parameters.Add(new NpgsqlParameter { Value = deliveryId });
        return await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static async Task CreateTableAsync(NpgsqlDataSource database)
    {
        // Instances starting together race on "create table if not exists"; an advisory lock orders them.
        await using var connection = await database.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        await using (var command = new NpgsqlCommand(
            $"""
            select pg_advisory_xact_lock(hashtext('{Table}'));
            create table if not exists {Table} (
                delivery_id text primary key,
                received_at timestamptz not null default now());
            """, connection, transaction))
        {
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        await transaction.CommitAsync().ConfigureAwait(false);
    }
}
