using System.Threading.Channels;
using GitJit.Gateway.Sessions;
using Hangfire;
using Microsoft.Extensions.Options;

namespace GitJit.Server.Alerts;

/// <summary>
/// Turns the gateway's refused statements into alerts: <see cref="Statement"/> only queues (a session never waits on an
/// alert), and this service, on its own, throttles them per grant (<see cref="AlertThrottle"/>, one interval for
/// comments and one for the webhook) and hands each alert to a retried <see cref="AlertJob"/>. A queue that is full
/// (10,000 refusals waiting) drops and counts; the count is logged.
/// </summary>
public sealed partial class RefusalAlerts : BackgroundService, ISessionEvents
{
    private const int Capacity = 10_000;

    private readonly Channel<RefusalAlert> queue = Channel.CreateBounded<RefusalAlert>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.Wait, // with TryWrite: false when full, never a wait
        SingleReader = true,
    });

    private readonly IBackgroundJobClient jobs;
    private readonly AlertOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<RefusalAlerts> logger;
    private readonly AlertThrottle comments;
    private readonly AlertThrottle webhook;
    private long dropped;

    public RefusalAlerts(IBackgroundJobClient jobs, IOptions<AlertOptions> options, TimeProvider time, ILogger<RefusalAlerts> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.jobs = jobs;
        this.options = options.Value;
        this.time = time;
        this.logger = logger;
        comments = new AlertThrottle(this.options.CommentInterval);
        webhook = new AlertThrottle(this.options.WebhookInterval);
    }

    public void Started(GatewaySession session)
    {
    }

    public void Ended(GatewaySession session, DateTimeOffset at, string reason)
    {
    }

    public void Statement(GatewaySession session, StatementEvent statement)
    {
        if (statement is not { Outcome: StatementOutcome.Refused } || session is null) return;
        var text = statement.Text is { Length: > RefusalAlert.MaxText } full ? full[..RefusalAlert.MaxText] + "…" : statement.Text;
        var alert = new RefusalAlert(session.GrantId, statement.At, session.User, session.Client.ToString(), session.ApplicationName, statement.Kind,
            statement.Guardrail ?? "gateway", statement.Reason ?? "refused", text, new Dictionary<string, int>());
        if (!queue.Writer.TryWrite(alert)) Interlocked.Increment(ref dropped);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = queue.Reader;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            while (reader.TryRead(out var refusal))
            {
                if (options.Comments && comments.Offer(refusal, now) is { } comment) Send(comment, toComment: true);
                if (options.WebhookUrl is not null && webhook.Offer(refusal, now) is { } hook) Send(hook, toComment: false);
            }
            foreach (var comment in comments.Due(now)) Send(comment, toComment: true);
            foreach (var hook in webhook.Due(now)) Send(hook, toComment: false);
            if (Interlocked.Exchange(ref dropped, 0) is > 0 and var lost) Dropped(logger, lost, Capacity);

            // Wake for the next refusal, or within a second to send what an interval held back.
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            tick.CancelAfter(TimeSpan.FromSeconds(1));
            try
            {
                await reader.WaitToReadAsync(tick.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
            }
        }
    }

    private void Send(RefusalAlert alert, bool toComment)
    {
        try
        {
            if (toComment) jobs.Enqueue<AlertJob>(job => job.CommentAsync(alert, CancellationToken.None));
            else jobs.Enqueue<AlertJob>(job => job.WebhookAsync(alert, CancellationToken.None));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The job storage is unreachable: the alert is lost, the session is not; say so.
            NotQueued(logger, e, alert.GrantId, toComment ? "comment" : "webhook");
        }
    }

    [LoggerMessage(EventId = 1090, Level = LogLevel.Warning, Message = "Dropped {Count} refusal alerts: {Capacity} were already waiting to be sent")]
    private static partial void Dropped(ILogger logger, long count, int capacity);

    [LoggerMessage(EventId = 1091, Level = LogLevel.Error, Message = "Could not queue a refusal alert ({Channel}) for grant {Grant}")]
    private static partial void NotQueued(ILogger logger, Exception exception, string grant, string channel);
}
