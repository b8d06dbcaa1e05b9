using System.Net;
using GitJit.Server.Jobs;
using GitJit.Testing;
using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GitJit.Server.Tests;

/// <summary>
/// Two GitJit applications in one process (as the tests run them, side by side) keep their jobs to themselves: each has
/// its own Hangfire storage, its jobs are built from its own services, and Hangfire's process-wide logging never
/// reaches an application that has stopped.
/// </summary>
public sealed class TwoAppsInOneProcessTests
{
    [Fact]
    public async Task EachAppsJobs_AreStoredAndRunByItself_AndOutliveTheOtherApp()
    {
        await using var worldA = await FlowWorld.CreateAsync();
        await using var worldB = await FlowWorld.CreateAsync();
        await using var serverB = await ServerUnderTest.StartAsync(worldB.Settings());
        var serverA = await ServerUnderTest.StartAsync(worldA.Settings());
        Assert.NotSame(serverA.Jobs, serverB.Jobs);

        var inA = worldA.Open(Requests.AliceReadOnly);
        using (var response = await worldA.GitHub.SendWebhookAsync(serverA.WebhookUrl, "pull_request", worldA.Payload("pull_request", "opened", inA), FlowWorld.Secret))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Equal("action_required", (await worldA.CheckRunAsync(serverA, inA.HeadSha, 1)).Conclusion);

        // A's job ran with A's services (its GitHub), and only A's storage holds it.
        Assert.Empty(worldB.GitHub.CheckRuns);
        Assert.Single(serverA.Jobs.GetMonitoringApi().SucceededJobs(0, 10), j => j.Value.Job.Type == typeof(PullRequestJob));
        Assert.DoesNotContain(serverB.Jobs.GetMonitoringApi().SucceededJobs(0, 10), j => j.Value.Job.Type == typeof(PullRequestJob));

        // With A, the app that started last, gone (and its logger factory disposed), B still makes clients, queues and runs jobs.
        await serverA.DisposeAsync();
        _ = new BackgroundJobClient(serverB.Jobs);
        var inB = worldB.Open(Requests.AliceReadOnly);
        using (var response = await worldB.GitHub.SendWebhookAsync(serverB.WebhookUrl, "pull_request", worldB.Payload("pull_request", "opened", inB), FlowWorld.Secret))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Equal("action_required", (await worldB.CheckRunAsync(serverB, inB.HeadSha, 1)).Conclusion);
        Assert.Equal(0, serverB.Jobs.GetMonitoringApi().FailedCount());
    }

    [Fact]
    public void AppsBuiltTogether_EachGetTheirOwnStorageAndActivator_WhateverOrderTheyConfigureIn()
    {
        // Hangfire's configuration is process-wide: the app that configures last would otherwise lend both apps its parts.
        var settings = ServerUnderTest.Settings(new Uri("http://127.0.0.1:9/"), 1, ServerUnderTest.UnknownPrivateKeyPem(), "secret");
        using var a = GitJitApp.Build([], builder => builder.Configuration.AddInMemoryCollection(settings));
        using var b = GitJitApp.Build([], builder => builder.Configuration.AddInMemoryCollection(settings));
        var (servicesA, servicesB) = (a.Services, b.Services);
        servicesA.GetRequiredService<IGlobalConfiguration>();
        servicesB.GetRequiredService<IGlobalConfiguration>();

        Assert.NotSame(servicesA.GetRequiredService<JobStorage>(), servicesB.GetRequiredService<JobStorage>());
        Assert.NotSame(servicesA.GetRequiredService<JobActivator>(), servicesB.GetRequiredService<JobActivator>());
        Assert.NotSame(servicesA.GetRequiredService<Hangfire.Common.IJobFilterProvider>(), servicesB.GetRequiredService<Hangfire.Common.IJobFilterProvider>());
    }
}
