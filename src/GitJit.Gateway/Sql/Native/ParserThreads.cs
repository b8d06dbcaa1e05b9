using System.Threading.Channels;

namespace GitJit.Gateway.Sql.Native;

/// <summary>
/// A few dedicated threads, each with a stack deep enough for the largest statement allowed, that run every
/// libpg_query call: a parse tree as deep as its text overflows any smaller stack, and that is a SIGSEGV no managed
/// code can catch. Work waits in a bounded queue; callers await it. A thread that has parsed a large statement is
/// replaced by a fresh one, so the stack pages a deep parse touched are given back.
/// </summary>
internal sealed class ParserThreads : IDisposable
{
    private readonly Channel<ParserWork> queue;
    private readonly int stackBytes;
    private readonly int recycleAboveBytes;
    private volatile bool disposed;

    public ParserThreads(int threads, int stackBytes, int queueCapacity, int recycleAboveBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        this.stackBytes = stackBytes;
        this.recycleAboveBytes = recycleAboveBytes;
        queue = Channel.CreateBounded<ParserWork>(new BoundedChannelOptions(queueCapacity)
        {
            SingleWriter = false,
            SingleReader = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        for (var i = 0; i < threads; i++)
        {
            Start();
        }
    }

    /// <summary>Runs <paramref name="work"/> on a parser thread; <paramref name="inputBytes"/> is the size of its input.</summary>
    public async ValueTask<T> RunAsync<T>(Func<T> work, int inputBytes, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var item = new ParserWork<T>(work, inputBytes, cancellationToken);
        await queue.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        return await item.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        disposed = true;
        queue.Writer.TryComplete();
    }

    private void Start() =>
        new Thread(Work, stackBytes) { IsBackground = true, Name = "libpg_query parser" }.Start();

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "VSTHRD002:Avoid problematic synchronous waits", Justification = "A parser thread exists to run native calls on its own deep stack: it must block between them, and it runs no continuation of anyone's.")]
    private void Work()
    {
        var reader = queue.Reader;
        while (true)
        {
            while (reader.TryRead(out var item))
            {
                item.Run();
                if (item.InputBytes > recycleAboveBytes && !disposed)
                {
                    Start();
                    return;
                }
            }
            if (!reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                return;
            }
        }
    }

    private abstract class ParserWork(int inputBytes)
    {
        public int InputBytes { get; } = inputBytes;

        public abstract void Run();
    }

    private sealed class ParserWork<T>(Func<T> work, int inputBytes, CancellationToken cancellationToken) : ParserWork(inputBytes)
    {
        private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Task => completion.Task;

        public override void Run()
        {
            if (cancellationToken.IsCancellationRequested)
            {
                completion.TrySetCanceled(cancellationToken);
                return;
            }
            try
            {
                completion.TrySetResult(work());
            }
            catch (Exception e)
            {
                // A bug in the managed part of the work: the caller sees it, the thread keeps serving.
                completion.TrySetException(e);
            }
        }
    }
}
