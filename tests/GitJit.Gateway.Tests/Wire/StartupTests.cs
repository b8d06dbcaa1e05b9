using System.Net.Sockets;
using GitJit.Gateway.Wire.Protocol;

namespace GitJit.Gateway.Tests.Wire;

/// <summary>The startup packet byte by byte: what PostgreSQL's own server answers, the gateway answers.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task GssEncRequest_IsAnsweredNo_ThenStartupGoesOn()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        using var socket = await ConnectAsync(gateway);
        await using var stream = new NetworkStream(socket);

        await new MessageBuilder().StartUntyped().Int32(80877104).End().SendAsync(stream, CancellationToken.None);
        var answer = new byte[1];
        await stream.ReadExactlyAsync(answer);
        await new MessageBuilder().Startup([new("user", gateway.Login.User)]).SendAsync(stream, CancellationToken.None);
        var (type, body) = await Framing.ReadAsync(stream, 1 << 16, CancellationToken.None);

        Assert.Equal((byte)'N', answer[0]);
        Assert.Equal((byte)'R', type);
        Assert.Equal(10, new BodyReader(body).Int32());
    }

    [Theory]
    [InlineData(2, 0, "user", "x", "0A000")]
    [InlineData(3, 0, "replication", "database", "28000")]
    [InlineData(3, 0, "client_encoding", "LATIN1", "22023")]
    [InlineData(3, 0, "statement_timeout", "0", "0A000")]
    public async Task Startup_ThatTheGatewayWillNotServe_GetsAFatalError(int major, int minor, string name, string value, string code)
    {
        await using var gateway = await GatewayHarness.StartAsync();
        using var socket = await ConnectAsync(gateway);
        await using var stream = new NetworkStream(socket);

        var builder = new MessageBuilder().StartUntyped().Int32((major << 16) | minor).CString("user").CString(gateway.Login.User);
        builder.CString(name).CString(value).Byte(0).End();
        await builder.SendAsync(stream, CancellationToken.None);
        var (type, body) = await Framing.ReadAsync(stream, 1 << 16, CancellationToken.None);

        Assert.Equal((byte)'E', type);
        var error = ErrorFields.Read(body);
        Assert.Equal("FATAL", error.Severity);
        Assert.Equal(code, error.Code);
        Assert.Equal(0, await stream.ReadAsync(new byte[1]));
    }

    [Fact]
    public async Task ANewerMinorVersion_IsNegotiatedDownTo30_WithUnknownProtocolOptionsListed()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        using var socket = await ConnectAsync(gateway);
        await using var stream = new NetworkStream(socket);

        var builder = new MessageBuilder().StartUntyped().Int32((3 << 16) | 2).CString("user").CString(gateway.Login.User).CString("_pq_.something").CString("on").Byte(0).End();
        await builder.SendAsync(stream, CancellationToken.None);
        var (type, body) = await Framing.ReadAsync(stream, 1 << 16, CancellationToken.None);
        var reader = new BodyReader(body);

        Assert.Equal((byte)'v', type);
        Assert.Equal(3 << 16, reader.Int32());
        Assert.Equal(1, reader.Int32());
        Assert.Equal("_pq_.something", reader.CString());
        Assert.Equal((byte)'R', (await Framing.ReadAsync(stream, 1 << 16, CancellationToken.None)).Type);
    }

    private static async Task<Socket> ConnectAsync(GatewayHarness gateway)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(gateway.Server.EndPoint);
        return socket;
    }
}
