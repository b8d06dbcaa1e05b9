using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using GitJit.Gateway.Sessions;
using GitJit.Gateway.Sql;
using GitJit.Gateway.Sql.Judging;
using GitJit.Gateway.Wire.Protocol;
using Microsoft.Extensions.Logging;

namespace GitJit.Gateway.Wire;

/// <summary>
/// One logged-in session: relays the client's messages upstream once judged, and the server's answers back.
/// A refused statement never reaches the server: a statement that cannot parse (the probe, named with a random nonce
/// of this session) goes in its place, so the server's own state — a transaction block left failed, the skipping of
/// an extended-protocol batch up to its Sync — stays exactly as a server error would leave it, and the probe's error
/// is replaced by the refusal on its way back. Both directions read through pipes that hold no buffer while idle.
/// </summary>
internal sealed partial class ProxySession
{
    private const int MaxClientMessage = 256 * 1024 * 1024;
    private const int MaxServerMessage = 1024 * 1024 * 1024;
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);
    private static readonly StreamPipeReaderOptions ReaderOptions = new(bufferSize: 8192, minimumReadSize: 1024, useZeroByteReads: true);
    private static readonly StreamPipeWriterOptions WriterOptions = new(minimumBufferSize: 8192);

    private readonly GatewaySession session;
    private readonly GatewayLogin login;
    private long expiresAtTicks;
    private readonly Socket clientSocket;
    private readonly Stream clientStream;
    private readonly UpstreamConnection upstream;
    private readonly SessionJudge judge;
    private readonly StatementTexts texts;
    private readonly FunctionNames functions;
    private readonly ISessionEvents events;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly PipeReader clientReader;
    private readonly PipeWriter clientWriter;
    private readonly PipeReader upstreamReader;
    private readonly PipeWriter upstreamWriter;
    private readonly ConcurrentQueue<Pending> pending = new();
    private readonly Dictionary<string, StatementRecord?> statements = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StatementRecord?> portals = new(StringComparer.Ordinal);
    private readonly List<(Pending Item, StatementRecord Statement, StatementOutcome Outcome, string? SqlState, long? Rows, TimeSpan Duration)> finished = [];
    private readonly MessageBuilder clientMessages = new();
    private readonly MessageBuilder upstreamMessages = new();
    private readonly TaskCompletionSource<string> cut = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string probe;
    private bool discarding;

    public ProxySession(GatewaySession session, GatewayLogin login, Socket clientSocket, Stream clientStream, UpstreamConnection upstream, SessionJudge judge,
        StatementTexts texts, FunctionNames functions, ISessionEvents events, TimeProvider time, ILogger logger)
    {
        this.session = session;
        this.login = login;
        expiresAtTicks = login.ExpiresAt.UtcTicks;
        this.clientSocket = clientSocket;
        this.clientStream = clientStream;
        this.upstream = upstream;
        this.judge = judge;
        this.texts = texts;
        this.functions = functions;
        this.events = events;
        this.time = time;
        this.logger = logger;
        probe = "gitjit_refused_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        clientReader = PipeReader.Create(clientStream, ReaderOptions);
        clientWriter = PipeWriter.Create(clientStream, WriterOptions);
        upstreamReader = PipeReader.Create(upstream.Stream, ReaderOptions);
        upstreamWriter = PipeWriter.Create(upstream.Stream, WriterOptions);
    }

    public GatewaySession Session => session;

    /// <summary>When the session ends: its login's expiry, moved later when the grant is extended while it runs.</summary>
    public DateTimeOffset ExpiresAt
    {
        get => new(Volatile.Read(ref expiresAtTicks), TimeSpan.Zero);
        set => Volatile.Write(ref expiresAtTicks, value.UtcTicks);
    }

    /// <summary>The cancel key the client was given.</summary>
    public (int ProcessId, int Secret) CancelKey { get; set; }

    /// <summary>Ends the session: the client is told <paramref name="message"/> (FATAL, SQLSTATE 57P01), both sides close.</summary>
    public void Cut(string message) => cut.TrySetResult(message);

    /// <summary>
    /// Relays until either side closes or the session is cut; returns why it ended. Each pump is stopped between two
    /// reads (its pending read cancelled), so what it relays last is whole and the end's FATAL follows it; a pump stuck
    /// writing to a peer that does not read is cancelled after <see cref="StopGrace"/>.
    /// </summary>
    public async Task<string> RunAsync()
    {
        using var stop = new CancellationTokenSource();
        var fromClient = PumpClientAsync(stop.Token);
        var fromServer = PumpServerAsync(stop.Token);
        var first = await Task.WhenAny(fromClient, fromServer, cut.Task).ConfigureAwait(false);
        clientReader.CancelPendingRead();
        upstreamReader.CancelPendingRead();
        stop.CancelAfter(StopGrace);
        // Both pumps stop before anything more is written: each writes to one side, and these writes come after.
        var (clientEnd, clientBroke) = await OutcomeAsync(fromClient, "client").ConfigureAwait(false);
        var (serverEnd, _) = await OutcomeAsync(fromServer, "server").ConfigureAwait(false);
        await EmitFinishedAsync().ConfigureAwait(false);
        string reason;
        if (first == cut.Task)
        {
            reason = await cut.Task.ConfigureAwait(false);
            await TellClientAsync("57P01", reason).ConfigureAwait(false);
            await TerminateUpstreamAsync().ConfigureAwait(false);
        }
        else if (first == fromClient)
        {
            reason = clientEnd;
            if (clientBroke is not null)
            {
                await TellClientAsync("08P01", "gitjit gateway: invalid message from the client: " + clientBroke).ConfigureAwait(false);
            }
            await TerminateUpstreamAsync().ConfigureAwait(false);
        }
        else
        {
            reason = serverEnd;
        }
        await CloseAsync().ConfigureAwait(false);
        return reason;
    }

    /// <summary>Why a pump ended, and what the peer broke when it broke the protocol.</summary>
    private async Task<(string Reason, string? Violation)> OutcomeAsync(Task<string> pump, string side)
    {
        try
        {
            return (await pump.ConfigureAwait(false), null);
        }
        catch (OperationCanceledException)
        {
            return ($"the {side} side was stopped", null);
        }
        catch (WireProtocolException e)
        {
            GatewayLog.ProtocolViolation(logger, session.Id, session.GrantId, side, e.Message);
            return ($"the {side} broke the protocol", e.Message);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            return ($"the {side} connection failed", null);
        }
#pragma warning disable CA1031 // Whatever failed, the session still closes both sides and tells its end.
        catch (Exception e)
#pragma warning restore CA1031
        {
            GatewayLog.SessionFailed(logger, session.Id, session.GrantId, e);
            return ($"the gateway failed on the {side} side", null);
        }
    }

    private async Task TellClientAsync(string code, string message)
    {
        try
        {
            clientMessages.Clear();
            clientMessages.Error("FATAL", code, message).CopyTo(clientWriter);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), time);
            await clientWriter.FlushAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            // The client is gone already, mostly; logged (at Debug) for the rare case it was not.
            GatewayLog.NotTold(logger, e, session.Id, code);
        }
    }

    private async Task TerminateUpstreamAsync()
    {
        try
        {
            upstreamMessages.Clear();
            upstreamMessages.Terminate().CopyTo(upstreamWriter);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), time);
            await upstreamWriter.FlushAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            // The server is gone already.
        }
    }

    private async Task CloseAsync()
    {
        await clientReader.CompleteAsync().ConfigureAwait(false);
        await upstreamReader.CompleteAsync().ConfigureAwait(false);
        try
        {
            await clientWriter.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
        }
        try
        {
            await upstreamWriter.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
        }
        try
        {
            clientSocket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        await clientStream.DisposeAsync().ConfigureAwait(false);
        clientSocket.Dispose();
        await upstream.DisposeAsync().ConfigureAwait(false);
    }

    private static void Relay(PipeWriter writer, in ReadOnlySequence<byte> message)
    {
        foreach (var segment in message)
        {
            writer.Write(segment.Span);
        }
    }

    private void Emit(StatementRecord statement, DateTimeOffset at, NormalizedQuery text, StatementOutcome outcome, string? sqlState, long? rows, TimeSpan duration, Refusal? refusal = null)
    {
        var kind = statement.Kind.Word();
        GatewayLog.StatementEnded(logger, session.Id, kind, outcome, sqlState, duration);
        try
        {
            events.Statement(session, new StatementEvent(at, text.Text, text.Fingerprint, kind, outcome, sqlState, rows, duration, refusal?.Guardrail, refusal?.Message));
        }
#pragma warning disable CA1031 // The contract says the events never throw; a handler that does must not end the session.
        catch (Exception e)
#pragma warning restore CA1031
        {
            GatewayLog.EventsFailed(logger, e);
        }
    }

    private static string Text(in ReadOnlySequence<byte> body) => Encoding.UTF8.GetString(body);
}
