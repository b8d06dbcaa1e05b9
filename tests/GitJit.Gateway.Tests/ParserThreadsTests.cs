using GitJit.Gateway.Sql.Native;

namespace GitJit.Gateway.Tests;

public sealed class ParserThreadsTests
{
    [Fact]
    public async Task Work_RunsOnAParserThread_NeverTheCallers()
    {
        using var threads = new ParserThreads(1, 1024 * 1024, 8, recycleAboveBytes: 1000);

        var name = await threads.RunAsync(() => Thread.CurrentThread.Name, 10, CancellationToken.None);
        var background = await threads.RunAsync(() => Thread.CurrentThread.IsBackground, 10, CancellationToken.None);

        Assert.Equal("libpg_query parser", name);
        Assert.True(background);
    }

    [Fact]
    public async Task Thread_IsReplaced_AfterALargeInput()
    {
        using var threads = new ParserThreads(1, 1024 * 1024, 8, recycleAboveBytes: 1000);

        var first = await threads.RunAsync(() => Environment.CurrentManagedThreadId, 10, CancellationToken.None);
        var same = await threads.RunAsync(() => Environment.CurrentManagedThreadId, 2000, CancellationToken.None);
        var replaced = await threads.RunAsync(() => Environment.CurrentManagedThreadId, 10, CancellationToken.None);

        Assert.Equal(first, same);
        Assert.NotEqual(same, replaced);
    }

    [Fact]
    public async Task Failure_ReachesTheCaller_AndTheThreadGoesOn()
    {
        using var threads = new ParserThreads(1, 1024 * 1024, 8, recycleAboveBytes: 1000);

        await Assert.ThrowsAsync<InvalidOperationException>(() => threads.RunAsync<int>(() => throw new InvalidOperationException("bug"), 10, CancellationToken.None).AsTask());
        var next = await threads.RunAsync(() => 42, 10, CancellationToken.None);

        Assert.Equal(42, next);
    }

    [Fact]
    public async Task ManyCallers_AreAllAnswered_ByFewThreads()
    {
        using var threads = new ParserThreads(2, 1024 * 1024, 4, recycleAboveBytes: 1000);

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => threads.RunAsync(() => (i, Environment.CurrentManagedThreadId), 10, CancellationToken.None).AsTask()));

        Assert.Equal(Enumerable.Range(0, 200), results.Select(r => r.i));
        Assert.InRange(results.Select(r => r.CurrentManagedThreadId).Distinct().Count(), 1, 2);
    }

    [Fact]
    public async Task CancelledCaller_StopsWaiting()
    {
        using var threads = new ParserThreads(1, 1024 * 1024, 8, recycleAboveBytes: 1000);
        using var gate = new ManualResetEventSlim();
        var blocking = threads.RunAsync(() => gate.Wait(TimeSpan.FromSeconds(10)), 10, CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = threads.RunAsync(() => 1, 10, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.AsTask());
        gate.Set();
        Assert.True(await blocking);
    }

    [Fact]
    public async Task Disposed_RefusesWork()
    {
        var threads = new ParserThreads(1, 1024 * 1024, 8, recycleAboveBytes: 1000);
        threads.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => threads.RunAsync(() => 1, 10, CancellationToken.None).AsTask());
    }
}
