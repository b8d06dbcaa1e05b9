using System.Collections.Concurrent;
using Npgsql;

namespace GitJit.Postgres;

/// <summary>
/// The admin connection strings by connection name (a policy's <c>target.connection</c>), and one pooled data source
/// per connection name and database, created on first use and disposed with this. Connection strings are secrets:
/// they appear in no message.
/// </summary>
internal sealed class AdminDataSources : IAsyncDisposable, IDisposable
{
    private readonly Dictionary<string, NpgsqlConnectionStringBuilder> settings;
    private readonly ConcurrentDictionary<(string Connection, string? Database), Lazy<NpgsqlDataSource>> sources = new();
    private bool disposed;

    public AdminDataSources(IReadOnlyDictionary<string, string> connectionStrings)
    {
        ArgumentNullException.ThrowIfNull(connectionStrings);
        settings = connectionStrings.ToDictionary(c => c.Key, c => new NpgsqlConnectionStringBuilder(c.Value), StringComparer.Ordinal);
    }

    public IEnumerable<string> ConnectionNames => settings.Keys.Order(StringComparer.Ordinal);

    /// <summary>The admin connection string's settings; throws, naming the setting, for a connection the bot is not configured with.</summary>
    public NpgsqlConnectionStringBuilder Settings(string connection) =>
        settings.TryGetValue(connection, out var builder)
            ? builder
            : throw new InvalidOperationException(
                $"no PostgreSQL connection named '{connection}' is configured: set ConnectionStrings:{connection} to an admin connection string (known: {string.Join(", ", ConnectionNames)})");

    /// <summary>A data source on <paramref name="database"/>, or on the connection string's own database when null.</summary>
    public NpgsqlDataSource For(string connection, string? database)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var builder = Settings(connection);
        return sources.GetOrAdd((connection, database), key => new Lazy<NpgsqlDataSource>(() =>
        {
            var target = new NpgsqlConnectionStringBuilder(builder.ConnectionString);
            if (key.Database is not null) target.Database = key.Database;
            return NpgsqlDataSource.Create(target);
        })).Value;
    }

    /// <summary>
    /// An open connection to <paramref name="database"/> (the connection string's own when null), outside any pool, for the short visits GitJit pays to the
    /// cluster's other databases (a pool would keep idle sessions there, in the way of their owners' DROP DATABASE).
    /// PostgreSQL's error details are kept: on these connections GitJit runs only its own catalog reads and DDL, so
    /// they name objects and roles, never data.
    /// </summary>
    public async Task<NpgsqlConnection> OpenUnpooledAsync(string connection, string? database, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var builder = new NpgsqlConnectionStringBuilder(Settings(connection).ConnectionString) { Pooling = false, IncludeErrorDetail = true };
        if (database is not null) builder.Database = database;
        var opened = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await opened.OpenAsync(cancellationToken).ConfigureAwait(false);
            return opened;
        }
        catch
        {
            await opened.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        disposed = true;
        foreach (var source in sources.Values.Where(s => s.IsValueCreated)) await source.Value.DisposeAsync().ConfigureAwait(false);
        sources.Clear();
    }

    public void Dispose()
    {
        disposed = true;
        foreach (var source in sources.Values.Where(s => s.IsValueCreated)) source.Value.Dispose();
        sources.Clear();
    }
}
