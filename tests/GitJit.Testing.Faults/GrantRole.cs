using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace GitJit.Testing.Faults;

/// <summary>What the target's catalog says of a grant's role at one moment: its name, whether it may log in, its expiry.</summary>
public sealed record GrantRoleState(string Name, bool CanLogin, DateTimeOffset? ExpiresAt);

/// <summary>
/// Watches the role of one grant in the target's catalog (pg_roles), found by the marker GitJit writes as its comment,
/// over one connection of its own so it can be asked every few milliseconds.
/// </summary>
public sealed class GrantRole : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlCommand query;

    private GrantRole(NpgsqlConnection connection, NpgsqlCommand query)
    {
        this.connection = connection;
        this.query = query;
    }

    /// <param name="target">An admin connection string to any database of the target's cluster.</param>
    /// <param name="grantId">The grant whose role to watch (<c>acme/access#1</c>).</param>
    /// <param name="cancellationToken">Stops connecting.</param>
    public static async Task<GrantRole> OpenAsync(string target, string grantId, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(target) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        var query = new NpgsqlCommand(
            "select rolname, rolcanlogin, shobj_description(oid, 'pg_authid') from pg_roles where strpos(shobj_description(oid, 'pg_authid'), $1) > 0", connection);
        query.Parameters.Add(new NpgsqlParameter { Value = $"\"grant\":{JsonSerializer.Serialize(grantId)}" });
        await query.PrepareAsync(cancellationToken).ConfigureAwait(false);
        return new GrantRole(connection, query);
    }

    /// <summary>The role as it is now, or null when there is none.</summary>
    public async Task<GrantRoleState?> ReadAsync(CancellationToken cancellationToken)
    {
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
        return new GrantRoleState(reader.GetString(0), reader.GetBoolean(1), Expiry(reader.GetString(2)));
    }

    /// <summary>The marker's <c>expires</c> (<c>gitjit-managed {"grant":…,"expires":"…Z",…}</c>).</summary>
    private static DateTimeOffset? Expiry(string comment)
    {
        var json = comment[(comment.IndexOf('{', StringComparison.Ordinal) is var start and >= 0 ? start : 0)..];
        try
        {
            using var marker = JsonDocument.Parse(json);
            return marker.RootElement.TryGetProperty("expires", out var expires) && expires.GetString() is { } text
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
                ? at : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Drops what the harness finds left of the role (after the server is gone), so a cluster shared by many runs starts
    /// each clean: its privileges in <paramref name="target"/>, then the role.
    /// </summary>
    public static async Task DropLeftoverAsync(string target, string role, CancellationToken cancellationToken)
    {
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(target) { Pooling = false }.ConnectionString);
        await admin.OpenAsync(cancellationToken).ConfigureAwait(false);
        var quoted = "\"" + role.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        await using var terminate = new NpgsqlCommand("select pg_terminate_backend(pid) from pg_stat_activity where usename = $1", admin);
        terminate.Parameters.Add(new NpgsqlParameter { Value = role });
        await terminate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await using var drop = new NpgsqlCommand($"drop owned by {quoted}; drop role if exists {quoted}", admin);
        await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await query.DisposeAsync().ConfigureAwait(false);
        await connection.DisposeAsync().ConfigureAwait(false);
    }
}
