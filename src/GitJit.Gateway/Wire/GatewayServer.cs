using System.Data.Common;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using GitJit.Gateway.Sessions;
using GitJit.Gateway.Sql;
using GitJit.Gateway.Sql.Judging;
using GitJit.Gateway.Wire.Authentication;
using GitJit.Gateway.Wire.Protocol;
using Microsoft.Extensions.Logging;

namespace GitJit.Gateway.Wire;

/// <summary>
/// The guarded gateway's PostgreSQL (protocol 3.0) listener: authenticates clients with SCRAM-SHA-256 against their
/// gateway login, logs in upstream as the grant's own role, judges every statement before it reaches the server, and
/// tells <see cref="ISessionEvents"/> about every session and statement. Each session ends at its grant's expiry, when
/// <see cref="IGatewayLogins.EndedAsync"/> says its grant ended (asked about every half second), or when the server
/// is disposed, with FATAL 57P01 saying why.
/// </summary>
public sealed class GatewayServer : IAsyncDisposable
{
    /// <summary>How often the gateway asks which grants of its open sessions ended.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>What every session is told (FATAL 57P01) when the gateway stops.</summary>
    public const string ShuttingDown = "terminating connection: the gitjit gateway is shutting down; reconnect to continue";

    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxTimer = TimeSpan.FromDays(40);

    /// <summary>Shared-key lookups a second for cancel requests of no session here (a burst of as many is allowed).</summary>
    private const int SharedCancelLookupsPerSecond = 20;

    private readonly GatewayOptions options;
    private readonly IGatewayLogins logins;
    private readonly ISessionEvents events;
    private readonly StatementClassifier classifier;
    private readonly TimeProvider time;
    private readonly ILogger<GatewayServer> logger;
    private readonly StatementTexts texts;
    private readonly MockVerifiers mocks = new();
    private readonly CancelKeys cancelKeys = new();
    private readonly FunctionNames functions = new();
    private readonly TokenBucket sharedCancelLookups;
    private readonly ConcurrentDictionary<Guid, ProxySession> sessions = new();
    private readonly ConcurrentDictionary<Task, byte> connections = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly string instance = $"{Environment.MachineName}/{Environment.ProcessId}";
    private X509Certificate2? certificate;
    private Socket? listener;
    private Task? accepting;
    private Task? polling;
    private int disposed;

    public GatewayServer(GatewayOptions options, IGatewayLogins logins, ISessionEvents events, StatementClassifier classifier, TimeProvider time, ILogger<GatewayServer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logins);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        this.options = options;
        this.logins = logins;
        this.events = events;
        this.classifier = classifier;
        this.time = time;
        sharedCancelLookups = new TokenBucket(SharedCancelLookupsPerSecond, SharedCancelLookupsPerSecond, time);
        this.logger = logger;
        texts = new StatementTexts(classifier);
    }

    /// <summary>The address and port the gateway listens on, once started (the real port when <c>Listen</c> said 0).</summary>
    public IPEndPoint EndPoint => (IPEndPoint?)listener?.LocalEndPoint ?? throw new InvalidOperationException("The gateway has not started.");

    /// <summary>Sessions open now.</summary>
    public int SessionCount => sessions.Count;

    /// <summary>Connections being served now, sessions and handshakes.</summary>
    internal int ConnectionCount => connections.Count;

    internal int CancelKeyCount => cancelKeys.Count;

    /// <summary>Loads the certificate, binds <see cref="GatewayOptions.Listen"/> and starts accepting.</summary>
    /// <exception cref="InvalidOperationException">Listen is missing or malformed, or RequireTls is set without a certificate.</exception>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Listen) || !IPEndPoint.TryParse(options.Listen, out var endPoint))
        {
            throw new InvalidOperationException($"{GatewayOptions.SectionName}:Listen must be address:port, such as 0.0.0.0:6432 (was '{options.Listen}').");
        }
        if (options.Certificate is { Length: > 0 } certificateFile)
        {
            certificate = X509Certificate2.CreateFromPemFile(certificateFile, options.CertificateKey ?? certificateFile);
        }
        else if (options.RequireTls)
        {
            throw new InvalidOperationException($"{GatewayOptions.SectionName}:RequireTls needs a Certificate.");
        }
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endPoint);
            socket.Listen(512);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        listener = socket;
        GatewayLog.Listening(logger, EndPoint);
        accepting = AcceptAsync(socket, stopping.Token);
        polling = PollAsync(stopping.Token);
        return Task.CompletedTask;
    }

    /// <summary>Stops accepting, ends every session (FATAL 57P01: the gateway is shutting down) and waits for them.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1) return;
        await stopping.CancelAsync().ConfigureAwait(false);
        listener?.Dispose();
        foreach (var session in sessions.Values)
        {
            session.Cut(ShuttingDown);
        }
        await AwaitEndAsync(accepting).ConfigureAwait(false);
        await AwaitEndAsync(polling).ConfigureAwait(false);
        await Task.WhenAll(connections.Keys).ConfigureAwait(false);
        certificate?.Dispose();
        stopping.Dispose();
    }

    private static async Task AwaitEndAsync(Task? task)
    {
        if (task is null) return;
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task AcceptAsync(Socket socket, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            client.NoDelay = true;
            var served = ServeAsync(client);
            connections.TryAdd(served, 0);
            _ = served.ContinueWith(t => connections.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        await Task.Yield();
        var remote = (IPEndPoint)client.RemoteEndPoint!;
        var handshake = new ClientHandshake(client, certificate, options.RequireTls, logins, mocks);
        ProxySession? session = null;
        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token))
            {
                timeout.CancelAfter(HandshakeTimeout);
                if (options.ProxyProtocol)
                {
                    remote = await ProxyHeader.ReadAsync(handshake.Stream, timeout.Token).ConfigureAwait(false) ?? remote;
                }
                session = await LogInAsync(client, remote, handshake, timeout.Token).ConfigureAwait(false);
            }
            if (session is not null)
            {
                await RunAsync(session).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or WireProtocolException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
            var why = $"{e.GetType().Name}: {e.Message}";
            GatewayLog.HandshakeEnded(logger, remote, why);
        }
        finally
        {
            if (session is null)
            {
                await handshake.Stream.DisposeAsync().ConfigureAwait(false);
                client.Dispose();
            }
        }
    }

    private async Task<ProxySession?> LogInAsync(Socket client, IPEndPoint remote, ClientHandshake handshake, CancellationToken cancellationToken)
    {
        switch (await handshake.RunAsync(cancellationToken).ConfigureAwait(false))
        {
            case HandshakeOutcome.Cancel:
                await CancelAsync(handshake.CancelKey, cancellationToken).ConfigureAwait(false);
                return null;
            case HandshakeOutcome.Refused:
                GatewayLog.LoginRefused(logger, handshake.User, remote, handshake.Reason);
                return null;
        }
        var login = handshake.Login!;
        var now = time.GetUtcNow();
        if (login.ExpiresAt <= now)
        {
            await handshake.RefuseAsync("28P01", $"password authentication failed for user \"{handshake.User}\"", cancellationToken).ConfigureAwait(false);
            GatewayLog.LoginRefused(logger, handshake.User, remote, "its grant has expired");
            return null;
        }
        UpstreamConnection upstream;
        try
        {
            upstream = await UpstreamConnection.ConnectAsync(login.Upstream, handshake.UpstreamParameters, cancellationToken).ConfigureAwait(false);
        }
        catch (UpstreamLoginException e)
        {
            GatewayLog.UpstreamLoginFailed(logger, login.Upstream.ToString(), login.GrantId, e.Message);
            // The role's connection limit is the grant's maxConnections: the one refusal the client can act on.
            var (code, message) = e.SqlState == "53300"
                ? ("53300", $"gitjit gateway: grant {login.GrantId} already has as many sessions as it may (maxConnections)")
                : ("08006", $"gitjit gateway: could not log in to the database for grant {login.GrantId}; the gateway's log says why");
            await handshake.RefuseAsync(code, message, cancellationToken).ConfigureAwait(false);
            return null;
        }
        var info = new GatewaySession(Guid.NewGuid(), login.GrantId, login.User, remote, handshake.ApplicationName, now, instance);
        var judge = new SessionJudge(classifier, new GuardrailJudge(login.Guardrails));
        var session = new ProxySession(info, login, client, handshake.Stream, upstream, judge, texts, functions, events, time, logger);
        var key = cancelKeys.Add(info.Id, login.Upstream, upstream.ProcessId, upstream.Secret);
        try
        {
            await ShareCancelKeyAsync(new SharedCancelKey(key.ProcessId, key.Secret, login.User, login.GrantId, upstream.ProcessId, upstream.Secret, login.ExpiresAt), info.Id, cancellationToken)
                .ConfigureAwait(false);
            var hello = new MessageBuilder();
            hello.Authentication(12, handshake.ServerFinal).Authentication(0);
            foreach (var (name, value) in upstream.Parameters) hello.ParameterStatus(name, value);
            hello.BackendKeyData(key.ProcessId, key.Secret).ReadyForQuery((byte)'I');
            await hello.SendAsync(handshake.Stream, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            cancelKeys.Remove(key.ProcessId);
            await ForgetCancelKeyAsync(key).ConfigureAwait(false);
            await upstream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        session.CancelKey = key;
        return session;
    }

    private async Task RunAsync(ProxySession session)
    {
        var info = session.Session;
        sessions[info.Id] = session;
        GatewayLog.SessionStarted(logger, info.Id, info.GrantId, info.User, info.Client, info.ApplicationName);
        Call(() => events.Started(info));
        using var expiry = new SessionExpiry(this, session);
        if (stopping.IsCancellationRequested)
        {
            session.Cut(ShuttingDown);
        }
        var reason = "the session failed";
        try
        {
            reason = await session.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            sessions.TryRemove(info.Id, out _);
            cancelKeys.Remove(session.CancelKey.ProcessId);
            await ForgetCancelKeyAsync(session.CancelKey).ConfigureAwait(false);
            GatewayLog.SessionEnded(logger, info.Id, info.GrantId, reason);
            Call(() => events.Ended(info, time.GetUtcNow(), reason));
        }
    }

    /// <summary>
    /// Sends a client's CancelRequest to its session's backend: found among this instance's sessions, or else among the
    /// keys every instance shares, when the login it names is still of the same grant.
    /// </summary>
    private async Task CancelAsync((int ProcessId, int Secret) key, CancellationToken cancellationToken)
    {
        var target = cancelKeys.Find(key.ProcessId, key.Secret);
        try
        {
            if (target is null && !sharedCancelLookups.TryTake(out var firstRefusal))
            {
                // Cancel requests need no login: a flood of made-up keys must not become a flood of queries.
                if (firstRefusal) GatewayLog.CancelLookupsLimited(logger, SharedCancelLookupsPerSecond);
                return;
            }
            if (target is null && await logins.FindCancelKeyAsync(key.ProcessId, key.Secret, cancellationToken).ConfigureAwait(false) is { } shared
                && await logins.FindAsync(shared.User, cancellationToken).ConfigureAwait(false) is { } login && login.GrantId == shared.GrantId)
            {
                target = new CancelTarget(Guid.Empty, shared.Secret, login.Upstream, shared.UpstreamProcessId, shared.UpstreamSecret);
            }
            if (target is null) return;
            var (socket, stream) = await UpstreamConnection.OpenAsync(target.Upstream, cancellationToken).ConfigureAwait(false);
            using (socket)
            await using (stream.ConfigureAwait(false))
            {
                await new MessageBuilder().CancelRequest(target.UpstreamProcessId, target.UpstreamSecret).SendAsync(stream, cancellationToken).ConfigureAwait(false);
            }
            GatewayLog.CancelForwarded(logger, target.SessionId);
        }
        catch (Exception e) when (e is IOException or SocketException or UpstreamLoginException or DbException)
        {
            GatewayLog.CancelFailed(logger, e);
        }
    }

    private async Task ShareCancelKeyAsync(SharedCancelKey key, Guid sessionId, CancellationToken cancellationToken)
    {
        try
        {
            await logins.ShareCancelKeyAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or IOException or TimeoutException)
        {
            // The session goes on: a cancel request reaching this instance still works.
            GatewayLog.CancelKeyNotShared(logger, e, sessionId);
        }
    }

    private async Task ForgetCancelKeyAsync((int ProcessId, int Secret) key)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), time);
            await logins.ForgetCancelKeyAsync(key.ProcessId, key.Secret, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or IOException or TimeoutException or OperationCanceledException)
        {
            // Left behind, it goes at the grant's expiry; it cancels nothing once the backend is gone.
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(PollInterval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            var grants = sessions.Values.Select(s => s.Session.GrantId).Distinct(StringComparer.Ordinal).ToList();
            if (grants.Count == 0) continue;
            try
            {
                var ended = (await logins.EndedAsync(grants, cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
                if (ended.Count == 0) continue;
                var now = time.GetUtcNow();
                foreach (var session in sessions.Values.Where(s => ended.Contains(s.Session.GrantId)))
                {
                    var how = session.ExpiresAt <= now ? "expired" : "was revoked";
                    session.Cut(string.Create(CultureInfo.InvariantCulture, $"terminating connection: gitjit grant {session.Session.GrantId} {how}"));
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Storage may fail in any way; the poll goes on, and the grant's role expires in PostgreSQL anyway.
            catch (Exception e)
#pragma warning restore CA1031
            {
                GatewayLog.PollFailed(logger, e);
            }
        }
    }

    /// <summary>
    /// Ends a session at its grant's expiry, unless the grant was extended meanwhile: then the session goes on, untouched,
    /// until the new expiry (asked of the logins when the old one comes; when they cannot say, the session ends). A
    /// timer cannot wait more than about 49 days; a grant that long is cut by the poll, which sees it expired.
    /// </summary>
    private sealed class SessionExpiry : IDisposable
    {
        private readonly GatewayServer server;
        private readonly ProxySession session;
        private readonly ITimer timer;

        public SessionExpiry(GatewayServer server, ProxySession session)
        {
            this.server = server;
            this.session = session;
            timer = server.time.CreateTimer(_ => _ = DueAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Arm();
        }

        public void Dispose() => timer.Dispose();

        private void Arm()
        {
            var expiresIn = session.ExpiresAt - server.time.GetUtcNow();
            if (expiresIn < MaxTimer) timer.Change(expiresIn > TimeSpan.Zero ? expiresIn : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }

        private async Task DueAsync()
        {
            var info = session.Session;
            try
            {
                var login = await server.logins.FindAsync(info.User, server.stopping.Token).ConfigureAwait(false);
                if (login is not null && login.GrantId == info.GrantId && login.ExpiresAt > session.ExpiresAt && login.ExpiresAt > server.time.GetUtcNow())
                {
                    session.ExpiresAt = login.ExpiresAt;
                    GatewayLog.SessionExtended(server.logger, info.Id, info.GrantId, login.ExpiresAt);
                    Arm();
                    return;
                }
            }
#pragma warning disable CA1031 // Whatever kept the answer away, the session ends at the expiry it knows (fail closed).
            catch (Exception e)
#pragma warning restore CA1031
            {
                GatewayLog.ExtensionUnknown(server.logger, e, info.Id, info.GrantId);
            }
            session.Cut($"terminating connection: gitjit grant {info.GrantId} expired");
        }
    }

    private void Call(Action action)
    {
        try
        {
            action();
        }
#pragma warning disable CA1031 // The contract says the events never throw; a handler that does must not end the session.
        catch (Exception e)
#pragma warning restore CA1031
        {
            GatewayLog.EventsFailed(logger, e);
        }
    }
}
