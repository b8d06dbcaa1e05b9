using System.Collections.Concurrent;
using System.Globalization;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace GitJit.Testing;

/// <summary>
/// A hand-written fake of Hangfire's <see cref="IBackgroundJobClient"/> that runs nothing and keeps every job it is
/// given, with the state it was created in (a <see cref="ScheduledState"/> says when it is due).
/// </summary>
public sealed class RecordingJobClient : IBackgroundJobClient
{
    private readonly ConcurrentQueue<(string Id, Job Job, IState State)> created = new();
    private int next;

    public IReadOnlyList<(string Id, Job Job, IState State)> Created => [.. created];

    /// <summary>The jobs created scheduled, with when they are due (UTC).</summary>
    public IReadOnlyList<(Job Job, DateTime EnqueueAt)> Scheduled => [.. created.Where(c => c.State is ScheduledState).Select(c => (c.Job, ((ScheduledState)c.State).EnqueueAt))];

    public string Create(Job job, IState state)
    {
        var id = Interlocked.Increment(ref next).ToString(CultureInfo.InvariantCulture);
        created.Enqueue((id, job, state));
        return id;
    }

    public bool ChangeState(string jobId, IState state, string expectedState) => false;
}
