using System.Collections.Concurrent;
using GitJit.Core.Decisions;

namespace GitJit.Testing;

/// <summary>A hand-written fake of <see cref="IGrantProvisioning"/> that keeps every order and refusal it is given.</summary>
public sealed class RecordingProvisioning : IGrantProvisioning
{
    private readonly ConcurrentQueue<GrantOrder> orders = new();
    private readonly ConcurrentQueue<MergeRefusal> refusals = new();

    public IReadOnlyList<GrantOrder> Orders => [.. orders];

    public IReadOnlyList<MergeRefusal> Refusals => [.. refusals];

    public Task GrantAsync(GrantOrder order, CancellationToken cancellationToken)
    {
        orders.Enqueue(order);
        return Task.CompletedTask;
    }

    public Task RefuseAsync(MergeRefusal refusal, CancellationToken cancellationToken)
    {
        refusals.Enqueue(refusal);
        return Task.CompletedTask;
    }
}
