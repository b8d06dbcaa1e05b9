using System.Net;
using GitJit.GitHub.Tests.FakeGitHub;
using GitJit.Sandbox.GitHub;

namespace GitJit.GitHub.Tests.Sandbox;

/// <summary>What clients do through the REST API (a person's <c>gitjit request</c>, the bot) is delivered too, as GitHub does.</summary>
public sealed class RestWebhookTests
{
    [Fact]
    public async Task APullRequestOpenedCommentedClosedAndReopenedThroughTheApi_IsDeliveredWithItsActor()
    {
        await using var world = await SandboxWorld.StartAsync();
        var token = world.GitHub.CreatePersonalAccessToken("alice");
        var client = FakeGitHubClients.WithToken(world.GitHub, token);
        world.Repository.SetBranch("alice/request", world.Repository.CommitWithParents(world.Repository.TreeAt(world.BaseSha).With("a.txt", "a"), world.BaseSha));

        var opened = await client.PullRequest.Create("acme", "access", new Octokit.NewPullRequest("Add a", "alice/request", "main"));
        await client.Issue.Comment.Create("acme", "access", opened.Number, "/gitjit revoke");
        await client.PullRequest.Update("acme", "access", opened.Number, new Octokit.PullRequestUpdate { State = Octokit.ItemState.Closed });
        await client.PullRequest.Update("acme", "access", opened.Number, new Octokit.PullRequestUpdate { State = Octokit.ItemState.Closed });
        await client.PullRequest.Update("acme", "access", opened.Number, new Octokit.PullRequestUpdate { State = Octokit.ItemState.Open });

        var delivered = await world.DeliveredAsync();
        Assert.Equal(["pull_request.opened", "issue_comment.created", "pull_request.closed", "pull_request.reopened"], delivered.Select(d => d.Event + "." + d.Action));
        Assert.All(delivered, d => Assert.Contains("\"sender\":{\"login\":\"alice\"", d.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheStandIn_ListensOnTheAddressItIsGiven_AndNamesItInItsUrls()
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}/");
        await using var gitHub = await FakeGitHubServer.StartAsync(null, address, pages: true);
        using var http = new HttpClient();

        using var home = await http.GetAsync(address);

        Assert.Equal(address, gitHub.WebUrl);
        Assert.Equal(address, gitHub.ApiUrl);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);

        // A site an attacker points at 127.0.0.1 (DNS rebinding) names its own host, and is answered 400.
        using var rebound = new HttpRequestMessage(HttpMethod.Get, address);
        rebound.Headers.Host = $"attacker.example:{port}";
        using var refused = await http.SendAsync(rebound);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
