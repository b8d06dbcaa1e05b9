using System.Net;
using GitJit.Testing;

namespace GitJit.Server.Tests;

/// <summary>
/// The delivery id is not covered by the signature: a recorded, signed delivery sent again under a new
/// <c>X-GitHub-Delivery</c> must change nothing, in memory and in PostgreSQL alike.
/// </summary>
public sealed class WebhookReplayTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RecordedDelivery_ResentUnderANewDeliveryId_IsHandledOnce(bool postgres)
    {
        await using var world = await FlowWorld.CreateAsync();
        await using var server = await ServerUnderTest.StartAsync(world.Settings(postgres ? await TestPostgres.CreateDatabaseAsync() : null));
        var pullRequest = world.Open(Requests.AliceReadOnly);
        var recorded = world.Payload("pull_request", "opened", pullRequest);

        using var first = await world.GitHub.SendWebhookAsync(server.WebhookUrl, "pull_request", recorded, FlowWorld.Secret);
        await world.CheckRunAsync(server, pullRequest.HeadSha, 1);
        using var replayed = await world.GitHub.SendWebhookAsync(server.WebhookUrl, "pull_request", recorded, FlowWorld.Secret, Guid.NewGuid().ToString());
        await Task.Delay(TimeSpan.FromSeconds(1));
        await server.JobsDoneAsync();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, replayed.StatusCode));
        Assert.Single(world.GitHub.CheckRuns, c => c.HeadSha == pullRequest.HeadSha);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GitHubsRedelivery_SameIdAndBody_IsHandledOnce_AndANewEventIsNot(bool postgres)
    {
        await using var world = await FlowWorld.CreateAsync();
        await using var server = await ServerUnderTest.StartAsync(world.Settings(postgres ? await TestPostgres.CreateDatabaseAsync() : null));
        var pullRequest = world.Open(Requests.AliceReadOnly);
        var delivery = Guid.NewGuid().ToString();

        using var first = await world.GitHub.SendWebhookAsync(server.WebhookUrl, "pull_request", world.Payload("pull_request", "opened", pullRequest), FlowWorld.Secret, delivery);
        await world.CheckRunAsync(server, pullRequest.HeadSha, 1);
        using var redelivered = await world.GitHub.SendWebhookAsync(server.WebhookUrl, "pull_request", world.Payload("pull_request", "opened", pullRequest), FlowWorld.Secret, delivery);
        pullRequest.AddReview("olga", "APPROVED");
        using var review = await world.GitHub.SendWebhookAsync(server.WebhookUrl, "pull_request_review", world.Payload("pull_request_review", "submitted", pullRequest), FlowWorld.Secret);
        await world.CheckRunAsync(server, pullRequest.HeadSha, 2);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await server.JobsDoneAsync();

        Assert.All([first, redelivered, review], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(["action_required", "success"], world.GitHub.CheckRuns.Where(c => c.HeadSha == pullRequest.HeadSha).Select(c => c.Conclusion));
    }
}
