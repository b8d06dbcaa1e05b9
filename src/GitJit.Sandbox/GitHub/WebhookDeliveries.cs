using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// Delivers events to the Apps installed on a repository's owner, as GitHub does: each App with a webhook URL gets its own
/// signed delivery; deliveries for one repository go out one after the other in the order the events happened, off the
/// caller's thread; one that cannot connect is tried again a few times; every delivery is recorded.
/// Subscriptions and records are read and written under the state's gate.
/// </summary>
internal sealed class WebhookDeliveries(FakeGitHubState state) : IAsyncDisposable
{
    /// <summary>The waits before each further attempt after a connection failure: four attempts in all.</summary>
    public static readonly IReadOnlyList<TimeSpan> RetryDelays = [TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    /// <summary>GitHub gives up on an App that has not answered in ten seconds.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient client = new() { Timeout = Timeout };
    private readonly CancellationTokenSource stopping = new();
    private readonly Dictionary<long, WebhookSubscription> subscriptions = [];
    private readonly List<FakeWebhookDelivery> deliveries = [];
    private readonly Dictionary<string, Task> tails = new(StringComparer.OrdinalIgnoreCase);

    public void Subscribe(FakeApp app, Uri url, string secret)
    {
        lock (state.Gate)
        {
            var hookId = subscriptions.TryGetValue(app.AppId, out var existing) ? existing.HookId : state.NextId();
            subscriptions[app.AppId] = new WebhookSubscription(app.AppId, hookId, url, secret);
        }
    }

    public void Unsubscribe(FakeApp app)
    {
        lock (state.Gate) subscriptions.Remove(app.AppId);
    }

    public WebhookSubscription? SubscriptionOf(long appId)
    {
        lock (state.Gate) return subscriptions.GetValueOrDefault(appId);
    }

    /// <summary>Every delivery, oldest first.</summary>
    public IReadOnlyList<FakeWebhookDelivery> All
    {
        get { lock (state.Gate) return [.. deliveries]; }
    }

    /// <summary>
    /// Queues <paramref name="eventName"/> for every App installed on <paramref name="repository"/>'s owner that has a
    /// webhook URL, with the body <paramref name="body"/> builds for its installation; returns the queued deliveries.
    /// </summary>
    public IReadOnlyList<FakeWebhookDelivery> Enqueue(FakeRepository repository, string eventName, string? action, Func<FakeInstallation, string> body)
    {
        lock (state.Gate)
        {
            var queued = new List<FakeWebhookDelivery>();
            var installations = state.Installations.Values
                .Where(i => string.Equals(i.Account, repository.Owner, StringComparison.OrdinalIgnoreCase))
                .OrderBy(i => i.Id);
            foreach (var installation in installations)
            {
                if (!subscriptions.TryGetValue(installation.App.AppId, out var subscription)) continue;
                var delivery = new FakeWebhookDelivery(
                    Guid.NewGuid(), subscription.AppId, subscription.HookId, repository.FullName, eventName, action, subscription.Url, body(installation), state.Time.GetUtcNow());
                deliveries.Add(delivery);
                queued.Add(delivery);
                var previous = tails.GetValueOrDefault(repository.FullName, Task.CompletedTask);
                tails[repository.FullName] = previous
                    .ContinueWith(_ => SendAsync(delivery, subscription), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default)
                    .Unwrap();
            }
            return queued;
        }
    }

    /// <summary>Completes when every delivery queued so far, and any queued meanwhile, is done.</summary>
    public async Task IdleAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task[] pending;
            lock (state.Gate) pending = [.. tails.Values.Where(t => !t.IsCompleted)];
            if (pending.Length == 0) return;
            await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SendAsync(FakeWebhookDelivery delivery, WebhookSubscription subscription)
    {
        var body = Encoding.UTF8.GetBytes(delivery.Body);
        for (var attempt = 0; ; attempt++)
        {
            lock (state.Gate) delivery.Attempts = attempt + 1;
            string error;
            try
            {
                using var request = Request(delivery, subscription, body);
                using var response = await client.SendAsync(request, stopping.Token).ConfigureAwait(false);
                Complete(delivery, (int)response.StatusCode, null);
                return;
            }
            catch (HttpRequestException e)
            {
                error = e.Message;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                Complete(delivery, null, "the stand-in stopped before it was delivered");
                return;
            }
            catch (TaskCanceledException)
            {
                // GitHub does not send again a delivery the App took too long to answer.
                Complete(delivery, null, $"timed out: no answer within {Timeout.TotalSeconds:0} s");
                return;
            }

            if (attempt >= RetryDelays.Count)
            {
                Complete(delivery, null, error);
                return;
            }
            lock (state.Gate) delivery.Error = error;
            try
            {
                await Task.Delay(RetryDelays[attempt], stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Complete(delivery, null, "the stand-in stopped before it was delivered");
                return;
            }
        }
    }

    private static HttpRequestMessage Request(FakeWebhookDelivery delivery, WebhookSubscription subscription, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("User-Agent", "GitHub-Hookshot/sandbox");
        request.Headers.Add("X-GitHub-Event", delivery.Event);
        request.Headers.Add("X-GitHub-Delivery", delivery.Id.ToString("D", CultureInfo.InvariantCulture));
        request.Headers.Add("X-GitHub-Hook-ID", subscription.HookId.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-GitHub-Hook-Installation-Target-ID", subscription.AppId.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-GitHub-Hook-Installation-Target-Type", "integration");
        request.Headers.Add("X-Hub-Signature-256", WebhookSender.Signature(body, subscription.Secret));
        return request;
    }

    private void Complete(FakeWebhookDelivery delivery, int? statusCode, string? error)
    {
        lock (state.Gate)
        {
            delivery.StatusCode = statusCode;
            delivery.Error = error;
            delivery.DeliveredAt = state.Time.GetUtcNow();
            delivery.IsCompleted = true;
        }
    }

    /// <summary>Stops: what is queued or being sent is recorded as not delivered.</summary>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        await IdleAsync(CancellationToken.None).ConfigureAwait(false);
        client.Dispose();
        stopping.Dispose();
    }
}
