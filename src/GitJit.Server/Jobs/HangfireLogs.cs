using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace GitJit.Server.Jobs;

/// <summary>
/// Hangfire logs through one process-wide provider, which its parts ask for loggers as they are built. This one writes to
/// the logger factory of the newest GitJit application still running in the process — there is one, except in tests
/// that run several side by side — and drops what is logged while none runs. A logger factory disposed with its
/// application is never written to, as Hangfire's own provider would once a second application had replaced it.
/// </summary>
public sealed class HangfireLogs : ILogProvider
{
    private readonly Lock gate = new();
    private volatile Attachment[] running = [];

    private HangfireLogs()
    {
    }

    public static HangfireLogs Instance { get; } = new();

    public ILog GetLogger(string name) => new Forwarding(this, name);

    /// <summary>Writes Hangfire's logs to <paramref name="factory"/> until the result is disposed (or a newer application attaches).</summary>
    public Attachment Attach(ILoggerFactory factory)
    {
        var target = new Attachment(this, factory);
        lock (gate) running = [.. running, target];
        return target;
    }

    private void Detach(Attachment target)
    {
        lock (gate) running = [.. running.Where(t => t != target)];
    }

    /// <summary>One application's logger factory, written to while it is the newest attached.</summary>
    public sealed class Attachment : IDisposable
    {
        private readonly HangfireLogs logs;
        private readonly AspNetCoreLogProvider provider;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ILog> loggers = new(StringComparer.Ordinal);

        internal Attachment(HangfireLogs logs, ILoggerFactory factory)
        {
            this.logs = logs;
            provider = new(factory);
        }

        internal ILog For(string name) => loggers.GetOrAdd(name, provider.GetLogger);

        public void Dispose() => logs.Detach(this);
    }

    private sealed class Forwarding(HangfireLogs logs, string name) : ILog
    {
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            if (logs.running is not [.., var newest]) return false;
            try
            {
                return newest.For(name).Log(logLevel, messageFunc, exception);
            }
            catch (ObjectDisposedException)
            {
                // The application stopped between the look-up and the write.
                return false;
            }
        }
    }
}
