using System.Text;
using GitJit.Gateway.Sessions;
using GitJit.Gateway.Wire;
using GitJit.Gateway.Wire.Protocol;

namespace GitJit.Gateway.Tests.Wire;

/// <summary>
/// A client that writes protocol messages as given, for what drivers do not expose: pipelined Syncs, row limits
/// (PortalSuspended), Flush, FunctionCall. It logs in with the gateway's own upstream login code, SCRAM and all.
/// </summary>
internal sealed class RawClient : IAsyncDisposable
{
    private readonly UpstreamConnection connection;

    private RawClient(UpstreamConnection connection) => this.connection = connection;

    public MessageBuilder Out { get; } = new();

    public Stream Stream => connection.Stream;

    /// <summary>The cancel key the gateway gave (BackendKeyData).</summary>
    public (int ProcessId, int Secret) CancelKey => (connection.ProcessId, connection.Secret);

    public static async Task<RawClient> ConnectAsync(GatewayHarness gateway) =>
        new(await UpstreamConnection.ConnectAsync(new UpstreamServer("127.0.0.1", gateway.Port, "orders", gateway.Login.User, GatewayHarness.Password, UpstreamTls.Disable), [], CancellationToken.None));

    public Task SendAsync() => Out.SendAsync(connection.Stream, CancellationToken.None).AsTask();

    /// <summary>The messages up to the <paramref name="readyForQuery"/>th ReadyForQuery, as their types, an error's SQLSTATE in brackets, ReadyForQuery's status after it.</summary>
    public async Task<string> ReadAsync(int readyForQuery = 1)
    {
        var seen = new StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (readyForQuery > 0)
        {
            var (type, body) = await Framing.ReadAsync(connection.Stream, 1 << 20, timeout.Token);
            if (type is (byte)'N' or (byte)'S') continue;
            if (seen.Length > 0) seen.Append(' ');
            seen.Append((char)type);
            if (type == (byte)'E') seen.Append('[').Append(ErrorFields.Read(body).Code).Append(']');
            if (type == (byte)'Z')
            {
                seen.Append((char)body[0]);
                readyForQuery--;
            }
        }
        return seen.ToString();
    }

    /// <summary>The next message other than a notice or parameter status: its type and, for an error, its fields.</summary>
    public async Task<(char Type, ErrorFields Error)> ReadOneAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var (type, body) = await Framing.ReadAsync(connection.Stream, 1 << 20, timeout.Token);
            if (type is (byte)'N' or (byte)'S') continue;
            return ((char)type, type == (byte)'E' ? ErrorFields.Read(body) : default);
        }
    }

    /// <summary>Whether the gateway closed the connection (reading gets nothing more).</summary>
    public async Task<bool> ClosedAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await connection.Stream.ReadAsync(new byte[1], timeout.Token) == 0;
    }

    public async ValueTask DisposeAsync() => await connection.DisposeAsync();
}

internal static class RawMessages
{
    public static MessageBuilder Bind(this MessageBuilder builder, string portal, string statement, params string[] parameters)
    {
        builder.Start((byte)'B').CString(portal).CString(statement).Int16(0).Int16((short)parameters.Length);
        foreach (var parameter in parameters)
        {
            var bytes = Encoding.UTF8.GetBytes(parameter);
            builder.Int32(bytes.Length).Bytes(bytes);
        }
        return builder.Int16(0).End();
    }

    public static MessageBuilder Describe(this MessageBuilder builder, char what, string name) => builder.Start((byte)'D').Byte((byte)what).CString(name).End();

    public static MessageBuilder Execute(this MessageBuilder builder, string portal, int maxRows = 0) => builder.Start((byte)'E').CString(portal).Int32(maxRows).End();

    public static MessageBuilder Close(this MessageBuilder builder, char what, string name) => builder.Start((byte)'C').Byte((byte)what).CString(name).End();

    public static MessageBuilder Sync(this MessageBuilder builder) => builder.Start((byte)'S').End();

    public static MessageBuilder Flush(this MessageBuilder builder) => builder.Start((byte)'H').End();

    public static MessageBuilder FunctionCall(this MessageBuilder builder, int oid) => builder.Start((byte)'F').Int32(oid).Int16(0).Int16(0).Int16(0).End();
}
