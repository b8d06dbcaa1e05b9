using System.Net;
using GitJit.Testing;

namespace GitJit.Server.Tests;

/// <summary>Several GitJit instances share one PostgreSQL: a delivery is handled once, whichever instance gets it.</summary>
public sealed class TwoInstancesTests : IAsyncLifetime
{
    private FlowWorld world = null!;
    private ServerUnderTest first = null!;
    private ServerUnderTest second = null!;

    public async Task InitializeAsync()
    {
        world = await FlowWorld.CreateAsync();
        var database = await TestPostgres.CreateDatabaseAsync();
        first = await ServerUnderTest.StartAsync(world.Settings(database));
        second = await ServerUnderTest.StartAsync(world.Settings(database));
    }

    public async Task DisposeAsync()
    {
        await first.DisposeAsync();
        await second.DisposeAsync();
        await world.DisposeAsync();
    }

    [Fact]
    public async Task OneDeliveryToBothInstances_GivesOneCheckRunAndOneComment()
    {
        var pullRequest = world.Open(Requests.AliceReadOnly);
        var payload = world.Payload("pull_request", "opened", pullRequest);
        var delivery = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(
            world.GitHub.SendWebhookAsync(first.WebhookUrl, "pull_request", payload, FlowWorld.Secret, delivery),
            world.GitHub.SendWebhookAsync(second.WebhookUrl, "pull_request", payload, FlowWorld.Secret, delivery));
        await world.CheckRunAsync(first, pullRequest.HeadSha, 1);
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(world.GitHub.CheckRuns, c => c.HeadSha == pullRequest.HeadSha);
        Assert.Single(world.Repository.Comments(pullRequest.Number));
    }

    [Fact]
    public async Task EventsForOnePullRequestOnBothInstances_StillLeaveOneComment()
    {
        var pullRequest = world.Open(Requests.AliceReadOnly);
        pullRequest.AddReview("olga", "APPROVED");

        await Task.WhenAll(
            world.GitHub.SendWebhookAsync(first.WebhookUrl, "pull_request", world.Payload("pull_request", "opened", pullRequest), FlowWorld.Secret),
            world.GitHub.SendWebhookAsync(second.WebhookUrl, "pull_request_review", world.Payload("pull_request_review", "submitted", pullRequest), FlowWorld.Secret));
        await world.CheckRunAsync(first, pullRequest.HeadSha, 1);
        await second.JobsDoneAsync();

        // Both evaluated the pull request; the second found the check run saying the same already there.
        Assert.Equal(2, world.GitHub.Requests("GET", $"/repos/acme/access/pulls/{pullRequest.Number}"));
        Assert.Single(world.Repository.Comments(pullRequest.Number));
        Assert.Equal("success", Assert.Single(world.GitHub.CheckRuns, c => c.HeadSha == pullRequest.HeadSha).Conclusion);
    }
}
