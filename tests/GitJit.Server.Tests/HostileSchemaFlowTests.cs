using System.Net;
using GitJit.Testing;

namespace GitJit.Server.Tests;

/// <summary>A base branch whose schema holds a catastrophic pattern: the bot answers with a finding, once, and its workers go on.</summary>
public sealed class HostileSchemaFlowTests
{
    [Fact]
    public async Task ASchemaPatternThatTimesOut_FailsTheCheckWithAnAnnotation_AndNoJobFailsOrRetries()
    {
        var schema = ProjectFiles.Read("schemas/access-request.schema.json");
        await using var world = await FlowWorld.CreateAsync(("schemas/access-request.schema.json", schema, HostilePatterns.RequestSchemaWith("reason", HostilePatterns.ExponentialWithLookahead)));
        await using var server = await ServerUnderTest.StartAsync(world.Settings());
        var pullRequest = world.Open(Requests.AliceWith("reason", HostilePatterns.LongValue));

        using var response = await world.GitHub.SendWebhookAsync(server.WebhookUrl, "pull_request", world.Payload("pull_request", "opened", pullRequest), FlowWorld.Secret);
        var check = await world.CheckRunAsync(server, pullRequest.HeadSha, 1);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("failure", check.Conclusion);
        var annotation = Assert.Single(check.Annotations, a => a.Message.Contains("could not be checked", StringComparison.Ordinal));
        Assert.Equal((Requests.AlicePath, 5), (annotation.Path, annotation.StartLine));
        var statistics = server.Jobs.GetMonitoringApi().GetStatistics();
        Assert.Equal((0, 0), (statistics.Failed, statistics.Scheduled));
    }
}
