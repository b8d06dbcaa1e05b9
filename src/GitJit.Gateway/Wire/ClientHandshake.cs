using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using GitJit.Gateway.Sessions;
using GitJit.Gateway.Wire.Authentication;
using GitJit.Gateway.Wire.Protocol;

namespace GitJit.Gateway.Wire;

/// <summary>What became of a client's handshake.</summary>
internal enum HandshakeOutcome
{
    /// <summary>Logged in: <see cref="ClientHandshake.Login"/> and the stream are ready for the upstream login.</summary>
    LoggedIn,

    /// <summary>A CancelRequest, handled; the connection closes.</summary>
    Cancel,

    /// <summary>Refused with an error already sent; <see cref="ClientHandshake.Reason"/> says why, for the log.</summary>
    Refused,
}

/// <summary>
/// The client's side of a connection up to its authentication, as PostgreSQL does it: SSLRequest (TLS when the gateway
/// has a certificate), GSSENCRequest answered no, CancelRequest, the v3.0 StartupMessage, and SCRAM-SHA-256 against the
/// login's verifier. An unknown user runs the same exchange against a made-up verifier and fails as a wrong password.
/// </summary>
internal sealed class ClientHandshake(Socket socket, X509Certificate2? certificate, bool requireTls, IGatewayLogins logins, MockVerifiers mocks)
{
    private const int MaxStartupPacket = 10_000;
    private const int MaxAuthMessage = 8 * 1024;

    private readonly MessageBuilder builder = new();

    public Stream Stream { get; private set; } = new NetworkStream(socket, ownsSocket: false);

    public bool Tls { get; private set; }

    public string User { get; private set; } = "";

    public GatewayLogin? Login { get; private set; }

    public string? ApplicationName { get; private set; }

    public List<KeyValuePair<string, string>> UpstreamParameters { get; private set; } = [];

    public (int ProcessId, int Secret) CancelKey { get; private set; }

    /// <summary>The SCRAM server-final message, sent once the upstream login succeeded.</summary>
    public byte[] ServerFinal { get; private set; } = [];

    public string Reason { get; private set; } = "";

    public async Task<HandshakeOutcome> RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var packet = await ReadStartupPacketAsync(cancellationToken).ConfigureAwait(false);
            var code = BinaryPrimitives.ReadInt32BigEndian(packet);
            switch (code)
            {
                case Messages.SslRequestCode when !Tls:
                    if (certificate is null)
                    {
                        await Stream.WriteAsync("N"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    await Stream.WriteAsync("S"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                    var ssl = new SslStream(Stream, leaveInnerStreamOpen: false);
                    await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, cancellationToken).ConfigureAwait(false);
                    Stream = ssl;
                    Tls = true;
                    continue;
                case Messages.GssEncRequestCode when !Tls:
                    await Stream.WriteAsync("N"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                    continue;
                case Messages.CancelRequestCode:
                    if (packet.Length != 12) return await RefuseAsync("08P01", "invalid cancel request", cancellationToken).ConfigureAwait(false);
                    CancelKey = (BinaryPrimitives.ReadInt32BigEndian(packet.AsSpan(4)), BinaryPrimitives.ReadInt32BigEndian(packet.AsSpan(8)));
                    return HandshakeOutcome.Cancel;
                default:
                    return await StartAsync(code, packet.AsMemory(4), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<HandshakeOutcome> StartAsync(int version, ReadOnlyMemory<byte> rest, CancellationToken cancellationToken)
    {
        var major = version >>> 16;
        var minor = version & 0xFFFF;
        if (major != 3)
        {
            return await RefuseAsync("0A000", $"unsupported frontend protocol {major}.{minor}: the gitjit gateway supports 3.0", cancellationToken).ConfigureAwait(false);
        }
        var parameters = ReadParameters(rest.Span);
        User = parameters.FirstOrDefault(p => p.Key == "user").Value ?? "";
        ApplicationName = parameters.FirstOrDefault(p => p.Key == "application_name").Value;
        if (User.Length == 0)
        {
            return await RefuseAsync("28000", "no PostgreSQL user name specified in startup packet", cancellationToken).ConfigureAwait(false);
        }
        var unsupported = parameters.Where(p => p.Key.StartsWith("_pq_.", StringComparison.Ordinal)).Select(p => p.Key).ToList();
        if (minor > 0 || unsupported.Count > 0)
        {
            await builder.NegotiateProtocolVersion(Messages.Protocol30, unsupported).SendAsync(Stream, cancellationToken).ConfigureAwait(false);
        }
        if (requireTls && !Tls)
        {
            return await RefuseAsync("28000", "gitjit gateway: connections without TLS are refused; connect with sslmode=require", cancellationToken).ConfigureAwait(false);
        }
        var (upstream, code, refusal) = StartupParameters.Sort(parameters);
        if (refusal is not null)
        {
            return await RefuseAsync(code!, refusal, cancellationToken).ConfigureAwait(false);
        }
        UpstreamParameters = upstream;
        return await AuthenticateAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<HandshakeOutcome> AuthenticateAsync(CancellationToken cancellationToken)
    {
        await builder.Authentication(10, "SCRAM-SHA-256\0\0"u8).SendAsync(Stream, cancellationToken).ConfigureAwait(false);
        var (type, body) = await Framing.ReadAsync(Stream, MaxAuthMessage, cancellationToken).ConfigureAwait(false);
        if (type != (byte)'p') throw new WireProtocolException("expected a SASL response");
        var reader = new BodyReader(body);
        if (reader.CString() != ScramServerExchange.Mechanism)
        {
            return await RefuseAsync("28000", "gitjit gateway: only SCRAM-SHA-256 is accepted (channel binding is not offered)", cancellationToken).ConfigureAwait(false);
        }
        var first = reader.Bytes(reader.Int32()).ToArray();
        var login = await logins.FindAsync(User, cancellationToken).ConfigureAwait(false);
        var exchange = new ScramServerExchange(login?.Verifier ?? mocks.For(User));
        var serverFirst = exchange.First(first);
        if (serverFirst is null)
        {
            return await RefuseAsync("08P01", "malformed SCRAM message", cancellationToken).ConfigureAwait(false);
        }
        await builder.Authentication(11, serverFirst).SendAsync(Stream, cancellationToken).ConfigureAwait(false);
        (type, body) = await Framing.ReadAsync(Stream, MaxAuthMessage, cancellationToken).ConfigureAwait(false);
        if (type != (byte)'p') throw new WireProtocolException("expected a SASL response");
        var final = exchange.Final(body);
        if (final is null || login is null)
        {
            await RefuseAsync("28P01", $"password authentication failed for user \"{User}\"", cancellationToken).ConfigureAwait(false);
            Reason = login is null ? "no such login, or its grant ended" : "wrong password";
            return HandshakeOutcome.Refused;
        }
        Login = login;
        ServerFinal = final;
        return HandshakeOutcome.LoggedIn;
    }

    /// <summary>Sends a FATAL error to the client; the connection is to close after it.</summary>
    public async Task<HandshakeOutcome> RefuseAsync(string code, string message, CancellationToken cancellationToken)
    {
        Reason = message;
        await builder.Error("FATAL", code, message).SendAsync(Stream, cancellationToken).ConfigureAwait(false);
        return HandshakeOutcome.Refused;
    }

    private async Task<byte[]> ReadStartupPacketAsync(CancellationToken cancellationToken)
    {
        var header = new byte[4];
        await Stream.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
        var length = BinaryPrimitives.ReadInt32BigEndian(header);
        if (length is < 8 or > MaxStartupPacket) throw new WireProtocolException("invalid length of startup packet");
        var packet = new byte[length - 4];
        await Stream.ReadExactlyAsync(packet, cancellationToken).ConfigureAwait(false);
        return packet;
    }

    private static List<KeyValuePair<string, string>> ReadParameters(ReadOnlySpan<byte> rest)
    {
        var reader = new BodyReader(rest);
        var parameters = new List<KeyValuePair<string, string>>();
        while (!reader.End && reader.Rest[0] != 0)
        {
            parameters.Add(new(reader.CString(), reader.CString()));
        }
        return parameters;
    }
}
