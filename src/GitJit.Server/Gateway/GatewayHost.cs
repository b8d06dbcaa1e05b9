using GitJit.Gateway.Sessions;
using GitJit.Gateway.Sql;
using GitJit.Gateway.Wire;
using Microsoft.Extensions.Options;

namespace GitJit.Server.Gateway;

/// <summary>
/// Runs the guarded gateway in this process when <c>GitJit:Gateway:Listen</c> is set: a <see cref="GatewayServer"/>
/// reading the shared logins and telling every <see cref="ISessionEvents"/> (the statement log, the alerts). Any number
/// of instances may run it over the same storage, behind a TCP load balancer; with <c>GitJit:Worker:Enabled=false</c>
/// an instance is a gateway (and webhook intake) only. Stopping the host ends every session with FATAL 57P01.
/// </summary>
internal sealed partial class GatewayHost(
    IOptions<GatewayOptions> options,
    IGatewayLogins logins,
    IEnumerable<ISessionEvents> events,
    StatementClassifier classifier,
    TimeProvider time,
    ILoggerFactory loggers,
    ILogger<GatewayHost> logger) : IHostedService, IAsyncDisposable
{
    private GatewayServer? server;

    /// <summary>Where the gateway listens, once started; null when this instance runs none.</summary>
    public System.Net.IPEndPoint? EndPoint => server?.EndPoint;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.Listen)) return;
        var fanout = new SessionEventsFanout([.. events], loggers.CreateLogger<SessionEventsFanout>());
        server = new GatewayServer(options.Value, logins, fanout, classifier, time, loggers.CreateLogger<GatewayServer>());
        await server.StartAsync(cancellationToken).ConfigureAwait(false);
        var tls = options.Value.Certificate is not null;
        Listening(logger, server.EndPoint, tls, options.Value.RequireTls);
    }

    public Task StopAsync(CancellationToken cancellationToken) => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref server, null) is { } running) await running.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 1096, Level = LogLevel.Information, Message = "The guarded gateway listens on {EndPoint} (TLS offered: {Tls}, required: {RequireTls})")]
    private static partial void Listening(ILogger logger, System.Net.IPEndPoint endPoint, bool tls, bool requireTls);
}
