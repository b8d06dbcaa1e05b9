using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using GitJit.Gateway.Sessions;
using GitJit.Gateway.Wire.Authentication;
using GitJit.Gateway.Wire.Protocol;

namespace GitJit.Gateway.Wire;

/// <summary>
/// A logged-in connection to the upstream server as the grant's role: TLS as <see cref="UpstreamTls"/> says,
/// SCRAM-SHA-256 (or no password / a cleartext one when the server asks; md5 is refused), and what the server said up
/// to its first ReadyForQuery.
/// </summary>
internal sealed class UpstreamConnection : IAsyncDisposable
{
    private const int MaxHandshakeMessage = 64 * 1024;

    private UpstreamConnection(Socket socket, Stream stream)
    {
        Socket = socket;
        Stream = stream;
    }

    public Socket Socket { get; }

    public Stream Stream { get; }

    public List<KeyValuePair<string, string>> Parameters { get; } = [];

    public int ProcessId { get; private set; }

    public int Secret { get; private set; }

    /// <summary>Connects and, with TLS when the settings say, returns the socket and stream, not logged in (for a CancelRequest too).</summary>
    public static async Task<(Socket Socket, Stream Stream)> OpenAsync(UpstreamServer server, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(server.Host, server.Port, cancellationToken).ConfigureAwait(false);
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            if (server.Tls != UpstreamTls.Disable)
            {
                await new MessageBuilder().SslRequest().SendAsync(stream, cancellationToken).ConfigureAwait(false);
                var answer = new byte[1];
                await stream.ReadExactlyAsync(answer, cancellationToken).ConfigureAwait(false);
                if (answer[0] == (byte)'S')
                {
                    var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                    var options = new SslClientAuthenticationOptions { TargetHost = server.Host };
                    if (server.Tls != UpstreamTls.VerifyFull)
                    {
                        // prefer and require as libpq's sslmode: encrypted, the certificate not checked.
#pragma warning disable CA5359 // libpq's sslmode=prefer/require: encryption without verification, as the grant's settings ask.
                        options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
                    }
                    try
                    {
                        await ssl.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
                    }
                    catch (AuthenticationException e)
                    {
                        throw new UpstreamLoginException("the TLS handshake with the server failed: " + e.Message, e);
                    }
                    stream = ssl;
                }
                else if (server.Tls != UpstreamTls.Prefer)
                {
                    throw new UpstreamLoginException("the server does not offer TLS, which the grant's upstream settings require");
                }
            }
            return (socket, stream);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Logs in as <see cref="UpstreamServer.User"/> to <see cref="UpstreamServer.Database"/> with the client's safe parameters.</summary>
    /// <exception cref="UpstreamLoginException">The server refused, or asked for what the gateway does not do.</exception>
    public static async Task<UpstreamConnection> ConnectAsync(UpstreamServer server, IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        Socket socket;
        Stream stream;
        try
        {
            (socket, stream) = await OpenAsync(server, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new UpstreamLoginException($"could not connect to {server.Host}:{server.Port}: {e.SocketErrorCode}", e);
        }
        var connection = new UpstreamConnection(socket, stream);
        try
        {
            await connection.LogInAsync(server, parameters, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (IOException e) when (e is not UpstreamLoginException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new UpstreamLoginException("the server closed the connection or broke the protocol during login: " + e.Message, e);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync().ConfigureAwait(false);
        Socket.Dispose();
    }

    private async Task LogInAsync(UpstreamServer server, IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        var builder = new MessageBuilder();
        await builder.Startup([new("user", server.User), new("database", server.Database), .. parameters]).SendAsync(Stream, cancellationToken).ConfigureAwait(false);
        ScramClientExchange? scram = null;
        while (true)
        {
            var (type, body) = await Framing.ReadAsync(Stream, MaxHandshakeMessage, cancellationToken).ConfigureAwait(false);
            var reader = new BodyReader(body);
            switch (type)
            {
                case (byte)'R':
                    var kind = reader.Int32();
                    switch (kind)
                    {
                        case 0:
                            break;
                        case 3:
                            await builder.Password(server.Password).SendAsync(Stream, cancellationToken).ConfigureAwait(false);
                            break;
                        case 5:
                            throw new UpstreamLoginException("the server asks for an md5 password, which the gateway refuses to send; set the role's password_encryption to scram-sha-256");
                        case 10:
                            var mechanisms = new List<string>();
                            while (!reader.End && reader.Rest[0] != 0) mechanisms.Add(reader.CString());
                            if (!mechanisms.Contains(ScramServerExchange.Mechanism))
                            {
                                throw new UpstreamLoginException("the server offers no SASL mechanism the gateway speaks: " + string.Join(", ", mechanisms));
                            }
                            scram = new ScramClientExchange(server.Password);
                            await builder.SaslInitialResponse(ScramServerExchange.Mechanism, scram.First()).SendAsync(Stream, cancellationToken).ConfigureAwait(false);
                            break;
                        case 11:
                            var final = scram?.Final(reader.Rest) ?? throw new UpstreamLoginException("the server's SCRAM message was malformed");
                            await builder.SaslResponse(final).SendAsync(Stream, cancellationToken).ConfigureAwait(false);
                            break;
                        case 12:
                            if (scram?.Verify(reader.Rest) != true)
                            {
                                throw new UpstreamLoginException("the server's SCRAM signature was wrong: it does not know the role's verifier");
                            }
                            break;
                        default:
                            throw new UpstreamLoginException($"the server asks for authentication of kind {kind}, which the gateway does not do");
                    }
                    break;
                case (byte)'S':
                    Parameters.Add(new(reader.CString(), reader.CString()));
                    break;
                case (byte)'K':
                    ProcessId = reader.Int32();
                    Secret = reader.Int32();
                    break;
                case (byte)'N':
                case (byte)'v':
                    break;
                case (byte)'E':
                    var error = ErrorFields.Read(body);
                    throw new UpstreamLoginException($"the server refused the login: SQLSTATE {error.Code}", error.Code);
                case (byte)'Z':
                    return;
                default:
                    throw new WireProtocolException($"message '{(char)type}' during login");
            }
        }
    }
}
