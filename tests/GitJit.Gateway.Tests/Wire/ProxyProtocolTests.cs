using System.Net;
using System.Net.Sockets;
using GitJit.Gateway.Sessions;
using Npgsql;

namespace GitJit.Gateway.Tests.Wire;

/// <summary>
/// Behind a TCP load balancer that speaks the PROXY protocol (GitJit:Gateway:ProxyProtocol), the session's client
/// address is the one the balancer names; a connection without the header is closed before anything else.
/// </summary>
public sealed class ProxyProtocolTests
{
    public static TheoryData<string, byte[], string> Headers => new()
    {
        { "v1, IPv4", "PROXY TCP4 203.0.113.7 10.0.0.1 40000 6432\r\n"u8.ToArray(), "203.0.113.7:40000" },
        { "v1, IPv6", "PROXY TCP6 2001:db8::7 2001:db8::1 40001 6432\r\n"u8.ToArray(), "[2001:db8::7]:40001" },
        { "v2, IPv4", V2(0x21, 0x11, [203, 0, 113, 9, 10, 0, 0, 1, 0x9C, 0x42, 0x19, 0x20]), "203.0.113.9:40002" },
        { "v2, IPv6", V2(0x21, 0x21, [.. IPAddress.Parse("2001:db8::9").GetAddressBytes(), .. IPAddress.Parse("2001:db8::1").GetAddressBytes(), 0x9C, 0x43, 0x19, 0x20]), "[2001:db8::9]:40003" },
        { "v2, LOCAL (the balancer's own check): the socket's address", V2(0x20, 0x00, []), "127.0.0.1" },
        { "v1, UNKNOWN: the socket's address", "PROXY UNKNOWN\r\n"u8.ToArray(), "127.0.0.1" },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public async Task TheClientAddress_IsTheOneTheBalancerNames(string what, byte[] header, string client)
    {
        Assert.NotEmpty(what);
        await using var gateway = await GatewayHarness.StartAsync(options: new GatewayOptions { ProxyProtocol = true });
        await using var balancer = await Balancer.StartAsync(gateway.Port, header);

        await using (var connection = new NpgsqlConnection(gateway.ConnectionString().Replace($"Port={gateway.Port}", $"Port={balancer.Port}", StringComparison.Ordinal)))
        {
            await connection.OpenAsync();
            await using var select = new NpgsqlCommand("select count(*) from public.orders where id = 1", connection);
            Assert.Equal(1L, await select.ExecuteScalarAsync());
        }

        var session = Assert.Single(gateway.Events.StartedSessions);
        Assert.StartsWith(client, session.Client.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("PROXY TCP4 not-an-address 10.0.0.1 40000 6432\r\n")]
    [InlineData("PROXY TCP4 203.0.113.7 10.0.0.1 40000")]
    public async Task AConnectionWithoutAValidHeader_IsClosed_BeforeItLogsIn(string header)
    {
        await using var gateway = await GatewayHarness.StartAsync(options: new GatewayOptions { ProxyProtocol = true });
        await using var balancer = await Balancer.StartAsync(gateway.Port, System.Text.Encoding.ASCII.GetBytes(header));

        await using var connection = new NpgsqlConnection(gateway.ConnectionString().Replace($"Port={gateway.Port}", $"Port={balancer.Port}", StringComparison.Ordinal) + "Timeout=3;");
        await Assert.ThrowsAnyAsync<Exception>(() => connection.OpenAsync());

        Assert.Empty(gateway.Events.StartedSessions);
        await GatewayHarness.EventuallyAsync(() => Task.FromResult(gateway.Log.WithId(3006).Count > 0), "the refused connection is logged");
    }

    private const string HeaderCharacters = " 0123456789.:\r\nabcdefTCP46UNKOW";

    /// <summary>Hostile headers: random bytes after each valid start; the reader only ever names a client, none, or refuses.</summary>
    [Fact]
    public async Task RandomHeaders_AreReadOrRefused_NeverAnythingElse()
    {
        var random = new Random(20261203);
        byte[][] starts = [[], "PROXY "u8.ToArray(), "PROXY TCP4 "u8.ToArray(), "PROXY TCP6 "u8.ToArray(), V2(0x21, 0x11, [])[..14], V2(0x21, 0x21, [])[..14], V2(0x20, 0x00, [])[..14]];
        var (named, none, refused) = (0, 0, 0);
        for (var i = 0; i < 20_000; i++)
        {
            var tail = new byte[random.Next(0, 200)];
            random.NextBytes(tail);
            if (random.Next(2) == 0) for (var j = 0; j < tail.Length; j++) tail[j] = (byte)HeaderCharacters[tail[j] % HeaderCharacters.Length];
            using var stream = new MemoryStream([.. starts[i % starts.Length], .. tail]);
            try
            {
                if (await GitJit.Gateway.Wire.ProxyHeader.ReadAsync(stream, CancellationToken.None) is null) none++;
                else named++;
            }
            catch (Exception e) when (e is GitJit.Gateway.Wire.Protocol.WireProtocolException or EndOfStreamException)
            {
                refused++;
            }
        }

        Assert.True(refused > 0 && none > 0, $"named {named}, none {none}, refused {refused}");
    }

    private static byte[] V2(byte versionCommand, byte family, byte[] addresses) =>
        [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, versionCommand, family, 0, (byte)addresses.Length, .. addresses];

    /// <summary>A loopback TCP forwarder that writes <c>header</c> to the gateway first, as a PROXY-protocol balancer does.</summary>
    private sealed class Balancer : IAsyncDisposable
    {
        private readonly TcpListener listener;
        private readonly CancellationTokenSource stop = new();
        private readonly Task accepting;

        private Balancer(TcpListener listener, int target, byte[] header)
        {
            this.listener = listener;
            accepting = AcceptAsync(target, header);
        }

        public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

        public static Task<Balancer> StartAsync(int target, byte[] header)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return Task.FromResult(new Balancer(listener, target, header));
        }

        private async Task AcceptAsync(int target, byte[] header)
        {
            try
            {
                while (true)
                {
                    var client = await listener.AcceptTcpClientAsync(stop.Token);
                    _ = ForwardAsync(client, target, header);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        private async Task ForwardAsync(TcpClient client, int target, byte[] header)
        {
            using (client)
            using (var upstream = new TcpClient())
            {
                await upstream.ConnectAsync(IPAddress.Loopback, target, stop.Token);
                var (near, far) = (client.GetStream(), upstream.GetStream());
                await far.WriteAsync(header, stop.Token);
                var copies = new[] { near.CopyToAsync(far, stop.Token), far.CopyToAsync(near, stop.Token) };
                try
                {
                    await Task.WhenAny(copies);
                }
                catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
                {
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            listener.Stop();
            await accepting;
            stop.Dispose();
        }
    }
}
