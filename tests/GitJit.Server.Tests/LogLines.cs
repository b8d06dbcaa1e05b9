using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GitJit.Server.Tests;

/// <summary>Every line a server logs, at every level, with its exception: for tests that search the log for a secret.</summary>
internal sealed class LogLines : ILoggerProvider
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyList<string> All => [.. lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogLines owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            owner.lines.Enqueue($"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)} {string.Join(" ", fields.Select(f => $"{f.Key}={f.Value}"))} {exception}");
        }
    }
}
