using Hangfire.Logging;

namespace GitJit.Server.Tests.Units;

/// <summary>
/// Hangfire logs through a process-wide provider, which the last server under test bound to its own, now disposed,
/// logger factory; unit tests that build Hangfire storage or clients of their own put this silent one in its place
/// (every server under test sets its own again at start).
/// </summary>
internal sealed class QuietHangfireLog : ILogProvider, ILog
{
    private static readonly QuietHangfireLog Instance = new();

    public static void Use() => LogProvider.SetCurrentLogProvider(Instance);

    public ILog GetLogger(string name) => this;

    public bool Log(LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
}
