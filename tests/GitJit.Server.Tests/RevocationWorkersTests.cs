using System.Net;
using GitJit.Core.Audit;
using GitJit.Core.Grants;
using GitJit.Server.Grants;
using GitJit.Server.Jobs;
using GitJit.Testing;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace GitJit.Server.Tests;

/// <summary>
/// Revocations have workers of their own: with every other worker stuck on pull requests (GitHub not answering), a grant
/// is still revoked at its expiry, and the reconciler still runs — with jobs in memory and in PostgreSQL.
/// </summary>
public sealed class RevocationWorkersTests
{
    private const int GeneralWorkers = 2;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WithEveryGeneralWorkerStuck_AGrantIsStillRevokedAtItsExpiry_AndTheReconcilerStillRuns(bool postgres)
    {
        await using var world = await FlowWorld.CreateAsync();
        var provider = new FakeAccessProvider(TimeProvider.System);
        var audit = new InMemoryAuditTrail();
        var settings = world.Settings(postgres ? await TestPostgres.CreateDatabaseAsync() : null);
        settings["GitJit:Worker:Count"] = GeneralWorkers.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var server = await ServerUnderTest.StartAsync(settings, services =>
        {
            services.AddSingleton<IAccessProvider>(provider);
            services.AddSingleton<IAuditTrail>(audit);
        });
        var granted = world.Open(Requests.AliceWith("duration", "8s"));
        granted.AddReview("olga", "APPROVED");
        await MergeAsync(world, server, granted);
        var access = Assert.Single(provider.Active);

        // More pull-request evaluations than general workers, each waiting on a GitHub that does not answer.
        var stuck = Enumerable.Range(0, GeneralWorkers + 2).Select(_ => world.Open(Requests.AliceReadOnly)).ToList();
        var stuckPaths = stuck.Select(p => $"/repos/{world.Repository.FullName}/pulls/{p.Number}").ToList();
        using (world.GitHub.Hold(path => stuckPaths.Any(p => path.EndsWith(p, StringComparison.Ordinal) || path.Contains(p + "/", StringComparison.Ordinal))))
        {
            foreach (var pullRequest in stuck)
            {
                using var response = await world.GitHub.SendWebhookAsync(server.WebhookUrl, "pull_request", world.Payload("pull_request", "opened", pullRequest), FlowWorld.Secret);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
            await UntilAsync(server, () => server.Jobs.GetMonitoringApi().EnqueuedCount(JobQueues.Default) > 0 && server.Jobs.GetMonitoringApi().ProcessingCount() >= GeneralWorkers,
                TimeSpan.FromSeconds(15), "the general workers to be busy");
            Assert.DoesNotContain(audit.All, r => r.Event == AuditEvent.Revoked);

            await UntilAsync(server, () => audit.All.Any(r => r.Event == AuditEvent.Revoked), TimeSpan.FromSeconds(20), "the revocation");
            var reconciler = server.Services.GetRequiredService<IRecurringJobManagerV2>().TriggerJob(Reconciler.RecurringJobId);
            await UntilAsync(server, () => server.Jobs.GetMonitoringApi().JobDetails(reconciler)?.History.FirstOrDefault()?.StateName == "Succeeded",
                TimeSpan.FromSeconds(20), "the reconciler");

            Assert.Empty(provider.Active);
            Assert.InRange(provider.Revocations.Single().At - access.ExpiresAt, TimeSpan.Zero, TimeSpan.FromSeconds(5));
            Assert.DoesNotContain(world.GitHub.CheckRuns, c => stuck.Any(p => p.HeadSha == c.HeadSha));
        }
        await server.JobsDoneAsync();
    }

    private static async Task MergeAsync(FlowWorld world, ServerUnderTest server, GitJit.Sandbox.GitHub.FakePullRequest pullRequest)
    {
        pullRequest.Merge(world.Repository.Commit(world.Repository.TreeAt(pullRequest.HeadSha), world.BaseSha));
        using var response = await world.GitHub.SendWebhookAsync(server.WebhookUrl, "pull_request", world.Payload("pull_request", "closed", pullRequest), FlowWorld.Secret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await server.JobsDoneAsync();
    }

    private static async Task UntilAsync(ServerUnderTest server, Func<bool> condition, TimeSpan timeout, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < timeout, $"waited {timeout} in vain for {what}\n{server.JobTroubles()}");
            await Task.Delay(50);
        }
    }
}
