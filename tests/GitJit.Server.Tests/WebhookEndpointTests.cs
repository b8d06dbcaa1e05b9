using System.Net;
using GitJit.Testing;
using Microsoft.Extensions.Options;

namespace GitJit.Server.Tests;

public sealed class WebhookEndpointTests : IAsyncLifetime
{
    private const string Secret = "It's a Secret to Everybody";
    private const string PullRequestOpened = """
        {"action":"opened","number":1,"pull_request":{"number":1},"repository":{"id":1,"name":"access","full_name":"acme/access","owner":{"login":"acme"}},"installation":{"id":7}}
        """;

    private ServerUnderTest server = null!;

    public async Task InitializeAsync() =>
        server = await ServerUnderTest.StartAsync(ServerUnderTest.Settings(new Uri("http://127.0.0.1:9/"), 1, ServerUnderTest.UnknownPrivateKeyPem(), Secret));

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task UnsignedDelivery_IsUnauthorized()
    {
        using var response = await server.DeliverAsync("pull_request", PullRequestOpened, secret: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task DeliverySignedWithAnotherSecret_IsUnauthorized()
    {
        using var response = await server.DeliverAsync("pull_request", PullRequestOpened, secret: "guess");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task DeliveryWithoutEventHeader_IsABadRequest()
    {
        using var response = await server.DeliverAsync("", PullRequestOpened, Secret);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SignedPing_IsAcknowledged_AndQueuesNothing()
    {
        using var response = await server.DeliverAsync("ping", Payload("ping.json"), Secret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, JobsCreated());
    }

    [Fact]
    public async Task RecordedPullRequestOpened_QueuesOneEvaluation_EvenWhenRedelivered()
    {
        var delivery = Guid.NewGuid().ToString();

        using var first = await server.DeliverAsync("pull_request", Payload("pull_request.opened.json"), Secret, delivery);
        using var again = await server.DeliverAsync("pull_request", Payload("pull_request.opened.json"), Secret, delivery);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        Assert.Equal(1, JobsCreated());
    }

    [Fact]
    public async Task RecordedReviewSubmitted_QueuesAnEvaluation()
    {
        using var response = await server.DeliverAsync("pull_request_review", Payload("pull_request_review.submitted.json"), Secret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, JobsCreated());
    }

    [Fact]
    public async Task OversizedDelivery_IsRefusedUnread_EvenWithoutContentLength()
    {
        using var http = new HttpClient();
        using var content = new StreamContent(new MemoryStream(new byte[26 * 1024 * 1024]));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, server.WebhookUrl) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Add("X-GitHub-Event", "pull_request");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task SignedDeliveryOverTheSizeLimit_IsTooLarge_WithOrWithoutContentLength()
    {
        // A real payload padded past the default limit (1 MiB) but well under GitHub's 25 MB: signed, valid JSON.
        var padded = Payload("pull_request.opened.json").TrimEnd()[..^1] + ",\"padding\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";

        using var declared = await server.DeliverAsync("pull_request", padded, Secret);
        using var chunked = await SendChunkedAsync(padded, Secret);

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.RequestEntityTooLarge), (declared.StatusCode, chunked.StatusCode));
        Assert.Equal(0, JobsCreated());
    }

    [Fact]
    public async Task SignedDeliveryJustUnderTheSizeLimit_IsAccepted()
    {
        var payload = Payload("pull_request.opened.json").TrimEnd();
        var padded = payload[..^1] + ",\"padding\":\"" + new string('x', 1024 * 1024 - payload.Length - 20) + "\"}";

        using var response = await SendChunkedAsync(padded, Secret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, JobsCreated());
    }

    [Fact]
    public async Task SignedGarbage_IsABadRequest()
    {
        using var response = await server.DeliverAsync("pull_request", "{ not json", Secret);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, JobsCreated());
    }

    private async Task<HttpResponseMessage> SendChunkedAsync(string json, string secret)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(json);
        using var http = new HttpClient();
        using var content = new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, server.WebhookUrl) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Add("X-GitHub-Event", "pull_request");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), body)));
        return await http.SendAsync(request);
    }

    private static string Payload(string name) => File.ReadAllText(Path.Combine(ProjectFiles.Root, "tests", "GitJit.Server.Tests", "Payloads", name));

    /// <summary>
    /// Jobs made for deliveries, in any state (the reconciler's start-up run is not one of them). The state lists are
    /// read one after another while jobs move between them, so the count is taken until two readings agree.
    /// </summary>
    private long JobsCreated()
    {
        var previous = -1L;
        for (var reading = Count(); reading != previous; reading = Count())
        {
            previous = reading;
            Thread.Sleep(50);
        }
        return previous;
    }

    private long Count()
    {
        var monitoring = server.Jobs.GetMonitoringApi();
        var jobs = monitoring.EnqueuedJobs("default", 0, 1000).Select(j => j.Value.Job)
            .Concat(monitoring.ProcessingJobs(0, 1000).Select(j => j.Value.Job))
            .Concat(monitoring.SucceededJobs(0, 1000).Select(j => j.Value.Job))
            .Concat(monitoring.FailedJobs(0, 1000).Select(j => j.Value.Job))
            .Concat(monitoring.ScheduledJobs(0, 1000).Select(j => j.Value.Job));
        return jobs.Count(j => !ServerUnderTest.IsRecurring(j));
    }

    [Theory]
    [InlineData("GitJit:GitHub:PrivateKey", "not a key", "does not hold a PEM RSA private key")]
    [InlineData("GitJit:GitHub:AppId", "0", "GitJit:GitHub:AppId")]
    [InlineData("GitJit:GitHub:WebhookSecret", "", "GitJit:GitHub:WebhookSecret")]
    [InlineData("GitJit:GitHub:ClientId", "Iv23liAbc", "GitJit:GitHub:ClientSecret go together")]
    [InlineData("GitJit:GitHub:ClientSecret", "0123456789abcdef", "GitJit:GitHub:ClientId and")]
    [InlineData("GitJit:Worker:RevocationCount", "0", "GitJit:Worker:RevocationCount")]
    [InlineData("GitJit:Worker:Count", "0", "GitJit:Worker:Count")]
    [InlineData("GitJit:Worker:Count", "1001", "GitJit:Worker:Count must be between 1 and 1000")]
    [InlineData("GitJit:Worker:RevocationCount", "101", "GitJit:Worker:RevocationCount must be between 1 and 100")]
    [InlineData("GitJit:Web:ActionsPerMinute", "0", "GitJit:Web:ActionsPerMinute must be between 1 and 1000")]
    [InlineData("GitJit:Web:ActionsPerMinute", "1001", "GitJit:Web:ActionsPerMinute must be between 1 and 1000")]
    [InlineData("GitJit:Audit:AuthorEmail", "gitjit", "GitJit:Audit:AuthorEmail must be an e-mail address")]
    [InlineData("GitJit:Audit:MaxAttempts", "0", "GitJit:Audit:MaxAttempts must be between 1 and 50")]
    [InlineData("GitJit:Webhooks:MaxBodyBytes", "104857600", "GitJit:Webhooks:MaxBodyBytes")]
    [InlineData("GitJit:Webhooks:MaxConcurrent", "0", "GitJit:Webhooks:MaxConcurrent")]
    [InlineData("GitJit:Webhooks:BodyTimeout", "01:00:00", "GitJit:Webhooks:BodyTimeout")]
    public async Task Misconfiguration_StopsTheServerAtStart_NamingTheSetting(string setting, string value, string message)
    {
        var settings = ServerUnderTest.Settings(new Uri("http://127.0.0.1:9/"), 1, ServerUnderTest.UnknownPrivateKeyPem(), Secret);
        settings[setting] = value;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ServerUnderTest.StartAsync(settings));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkerEnabledThatIsNoBoolean_StopsTheServerAtStart_NamingTheSetting()
    {
        var settings = ServerUnderTest.Settings(new Uri("http://127.0.0.1:9/"), 1, ServerUnderTest.UnknownPrivateKeyPem(), Secret);
        settings["GitJit:Worker:Enabled"] = "maybe";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerUnderTest.StartAsync(settings));

        Assert.Contains("GitJit:Worker:Enabled", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerWithoutWebhookSecret_RefusesToStart_SayingWhy()
    {
        var settings = ServerUnderTest.Settings(new Uri("http://127.0.0.1:9/"), 1, ServerUnderTest.UnknownPrivateKeyPem(), secret: null);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ServerUnderTest.StartAsync(settings));

        Assert.Contains("GitJit:GitHub:WebhookSecret", error.Message, StringComparison.Ordinal);
    }
}
