namespace GitJit.Server.Jobs;

/// <summary>
/// Hangfire's queues. Revocations and the reconciler, which revokes what was missed, run on <see cref="Revocations"/>,
/// which workers of their own serve alone (<c>GitJit:Worker:RevocationCount</c>): an expiry never waits behind
/// pull-request work, however much of it is queued or stuck. The other workers serve both queues.
/// </summary>
public static class JobQueues
{
    public const string Revocations = "revocations";

    public const string Default = Hangfire.States.EnqueuedState.DefaultQueue;
}
