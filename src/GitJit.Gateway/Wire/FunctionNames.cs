using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using GitJit.Gateway.Sessions;
using GitJit.Gateway.Wire.Protocol;

namespace GitJit.Gateway.Wire;

/// <summary>
/// The names of the functions a fast-path FunctionCall names by OID, so the call is judged as the statement that calls
/// the function by name (<c>select schema.name()</c>). Looked up in <c>pg_proc</c> on a connection of its own, as the
/// grant's role (the session's connection is the client's), and kept per database: a function keeps its OID.
/// </summary>
internal sealed class FunctionNames
{
    private const int MaxEntries = 10_000;
    private const int MaxMessage = 64 * 1024;

    private readonly ConcurrentDictionary<(string Host, int Port, string Database, uint Oid), string> names = new();

    /// <summary>The function's name, schema-qualified and quoted as SQL needs it; null when there is none or it could not be asked.</summary>
    public async Task<string?> NameAsync(UpstreamServer server, uint oid, CancellationToken cancellationToken)
    {
        var key = (server.Host, server.Port, server.Database, oid);
        if (names.TryGetValue(key, out var known)) return known;
        try
        {
            await using var connection = await UpstreamConnection.ConnectAsync(server, [], cancellationToken).ConfigureAwait(false);
            var sql = string.Create(CultureInfo.InvariantCulture,
                $"select pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(p.proname) from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace where p.oid = {oid}");
            await new MessageBuilder().Query(sql).SendAsync(connection.Stream, cancellationToken).ConfigureAwait(false);
            string? name = null;
            while (true)
            {
                var (type, body) = await Framing.ReadAsync(connection.Stream, MaxMessage, cancellationToken).ConfigureAwait(false);
                if (type == (byte)'D') name = FirstColumn(body);
                if (type == (byte)'Z') break;
            }
            await new MessageBuilder().Terminate().SendAsync(connection.Stream, cancellationToken).ConfigureAwait(false);
            if (name is null) return null;
            if (names.Count >= MaxEntries) names.Clear();
            names[key] = name;
            return name;
        }
        catch (Exception e) when (e is IOException or SocketException or UpstreamLoginException or WireProtocolException)
        {
            return null;
        }
    }

    private static string? FirstColumn(byte[] dataRow)
    {
        var reader = new BodyReader(dataRow);
        if (reader.Int16() < 1) return null;
        var length = reader.Int32();
        return length < 0 ? null : Encoding.UTF8.GetString(reader.Bytes(length));
    }
}
