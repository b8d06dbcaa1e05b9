namespace GitJit.Server.Setup;

/// <summary>
/// Whether this setup-mode process has stored an App (then <c>/setup</c> is gone and the process starts again as the
/// App), and the one-at-a-time gate of the step that stores it.
/// </summary>
public sealed class SetupCompletion : IDisposable
{
    private volatile bool done;

    /// <summary>Held while a return from GitHub is converted and stored, so two returns never store two Apps.</summary>
    internal SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Whether an App was stored: setup is over for this process.</summary>
    public bool Done => done;

    /// <summary>Whether the host stopped so that the process starts again, now as the stored App.</summary>
    public bool RestartRequested { get; private set; }

    internal void MarkDone() => done = true;

    internal void RequestRestart() => RestartRequested = true;

    public void Dispose() => Gate.Dispose();
}
