using Npgsql;

namespace GitJit.Sandbox.Postgres;

/// <summary>
/// The sandbox's target databases, shaped as the example policies expect: <c>orders</c> (orders, their items, and
/// customers' personal data that no role may read) and <c>analytics</c> (the reporting and marts schemas).
/// </summary>
public static class SampleData
{
    /// <summary>The connection names the example policies use (<c>target.connection</c>), each with its database.</summary>
    public static readonly IReadOnlyList<(string Connection, string Database, string Script)> Targets =
    [
        ("ORDERS_DB", "orders", """
            create table public.orders (id int primary key, status text not null, placed_at timestamptz not null default now());
            create table public.order_items (order_id int not null references public.orders, sku text not null, quantity int not null);
            create table public.customers_pii (customer_id int primary key, name text not null, email text not null);
            insert into public.orders (id, status) values (4711, 'stuck'), (4712, 'shipped'), (4713, 'stuck'), (4714, 'delivered');
            insert into public.order_items values (4711, 'KB-01', 1), (4711, 'MS-02', 2), (4712, 'KB-01', 1), (4713, 'HD-07', 1), (4714, 'MS-02', 1);
            insert into public.customers_pii values (1, 'Ada Lovelace', 'ada@example.com'), (2, 'Alan Turing', 'alan@example.com');
            """),
        ("ANALYTICS_DB", "analytics", """
            create schema reporting;
            create schema marts;
            create table reporting.quarterly_revenue (quarter text primary key, revenue numeric not null);
            create table marts.daily_orders (day date primary key, orders int not null);
            insert into reporting.quarterly_revenue values ('2026-Q1', 120000), ('2026-Q2', 135500), ('2026-Q3', 128250);
            insert into marts.daily_orders values ('2026-11-30', 412), ('2026-12-01', 398), ('2026-12-02', 455);
            """),
    ];

    /// <summary>
    /// Creates each target database on the server <paramref name="superuser"/> connects to, with its tables and rows, and
    /// returns the admin connection string GitJit is given for each connection name. PUBLIC may not connect to them, as
    /// GitJit asks of every database but a grant's target.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> CreateAsync(string superuser, CancellationToken cancellationToken = default)
    {
        var connections = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var server = NpgsqlDataSource.Create(superuser))
        {
            foreach (var (_, database, _) in Targets)
            {
                await using var create = server.CreateCommand($"create database \"{database}\"");
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await using var revoke = server.CreateCommand($"revoke connect on database \"{database}\" from public");
                await revoke.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var (connection, database, script) in Targets)
        {
            var target = new NpgsqlConnectionStringBuilder(superuser) { Database = database }.ConnectionString;
            await using var source = NpgsqlDataSource.Create(target);
            await using var fill = source.CreateCommand(script);
            await fill.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            connections[connection] = target;
        }
        return connections;
    }
}
