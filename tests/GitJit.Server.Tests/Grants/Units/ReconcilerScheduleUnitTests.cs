using GitJit.Server.Grants;
using GitJit.Testing;
using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GitJit.Server.Tests.Units;

/// <summary>
/// Found by the kill -9 harness: restarted within 30 seconds of a kill that left Hangfire's lock on the recurring job
/// behind, the server crashed at start (registering the reconciler's schedule timed out). Now it starts, and registers
/// when it can.
/// </summary>
public sealed class ReconcilerScheduleUnitTests
{
    [Fact]
    public async Task ARecurringJobLockHeldByADeadInstance_DoesNotStopTheStart_TheScheduleIsRegisteredOnceItIsFree()
    {
        var time = new FakeTimeProvider(GrantUnit.Start);
        var recurring = new LockedRecurringJobs { FailuresLeft = 2 };
        var jobs = new RecordingJobClient();
        using var schedule = new ReconcilerSchedule(recurring, jobs, time, NullLogger<ReconcilerSchedule>.Instance);

        await schedule.StartAsync(CancellationToken.None);
        await WaitForAsync(() => recurring.Attempts == 1);
        Assert.Empty(jobs.Created);
        // Ten seconds at a time, until it is done: the first two attempts meet the dead instance's lock.
        var start = TimeProvider.System.GetTimestamp();
        while (jobs.Created.Count == 0)
        {
            Assert.True(TimeProvider.System.GetElapsedTime(start) < TimeSpan.FromSeconds(10), "never scheduled");
            time.Advance(TimeSpan.FromSeconds(10));
            await Task.Delay(20);
        }
        await schedule.StopAsync(CancellationToken.None);

        Assert.Equal(3, recurring.Attempts);

        Assert.Equal([Reconciler.RecurringJobId], recurring.Registered);
        Assert.Equal(typeof(Reconciler), Assert.Single(jobs.Created).Job.Type);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(start) < TimeSpan.FromSeconds(10), "timed out");
            await Task.Delay(10);
        }
    }

    private sealed class LockedRecurringJobs : IRecurringJobManager
    {
        private int attempts;

        public int FailuresLeft { get; set; }

        public int Attempts => Volatile.Read(ref attempts);

        public List<string> Registered { get; } = [];

        public void AddOrUpdate(string recurringJobId, Job job, string cronExpression, RecurringJobOptions options)
        {
            Interlocked.Increment(ref attempts);
            if (FailuresLeft-- > 0) throw new Hangfire.PostgreSql.PostgreSqlDistributedLockException("lock:recurring-job:" + recurringJobId);
            Registered.Add(recurringJobId);
        }

        public void Trigger(string recurringJobId) => throw new NotSupportedException();

        public void RemoveIfExists(string recurringJobId) => throw new NotSupportedException();
    }
}
