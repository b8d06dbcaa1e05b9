using System.Net;
using GitJit.Server.Jobs;
using GitJit.Sandbox.GitHub;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace GitJit.Server.Tests;

/// <summary>A fresh GitHub world and the real server pointed at it, for each test.</summary>
public abstract class ServerFlowTests : IAsyncLifetime
{
    internal FlowWorld World { get; private set; } = null!;

    internal ServerUnderTest Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        World = await FlowWorld.CreateAsync();
        var settings = World.Settings();
        AdjustSettings(settings);
        Server = await ServerUnderTest.StartAsync(settings, ConfigureServices);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await World.DisposeAsync();
    }

    /// <summary>Change the server's settings before it starts.</summary>
    protected virtual void AdjustSettings(Dictionary<string, string?> settings)
    {
    }

    /// <summary>Replace services (test doubles) before the server's own registrations.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Merges the pull request onto the base commit, delivers "closed", waits for the jobs; the merge commit.</summary>
    internal async Task<string> MergeAsync(FakePullRequest pullRequest)
    {
        var mergeSha = World.Repository.Commit(World.Repository.TreeAt(pullRequest.HeadSha), World.BaseSha);
        pullRequest.Merge(mergeSha);
        await DeliverClosedAsync(pullRequest);
        return mergeSha;
    }

    /// <summary>Delivers the pull request's "closed" event (merged or not, as it stands) and waits for the jobs.</summary>
    internal async Task DeliverClosedAsync(FakePullRequest pullRequest)
    {
        using var response = await World.GitHub.SendWebhookAsync(Server.WebhookUrl, "pull_request", World.Payload("pull_request", "closed", pullRequest), FlowWorld.Secret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Server.JobsDoneAsync();
    }

    /// <summary>
    /// Runs the pull request's merge job once more, as Hangfire does when it retries a failed attempt, and waits for the
    /// jobs. (Delivering "closed" again would not: the inbox takes a delivery once, by id and by body.)
    /// </summary>
    internal async Task RunMergeJobAgainAsync(FakePullRequest pullRequest)
    {
        ArgumentNullException.ThrowIfNull(pullRequest);
        var (owner, repository, number) = (World.Repository.Owner, World.Repository.Name, pullRequest.Number);
        Server.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<MergeJob>(job => job.DecideAsync(FlowWorld.InstallationId, owner, repository, number, CancellationToken.None));
        await Server.JobsDoneAsync();
    }
}
