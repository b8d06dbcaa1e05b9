using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GitJit.Testing;

/// <summary>A logger that keeps what it is told, for tests that assert on events: id, level, message and fields.</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<RecordedLog> entries = new();

    public IReadOnlyList<RecordedLog> Entries => [.. entries];

    /// <summary>The entries with event id <paramref name="eventId"/>, in the order logged.</summary>
    public IReadOnlyList<RecordedLog> WithId(int eventId) => [.. entries.Where(e => e.EventId.Id == eventId)];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        var fields = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
        entries.Enqueue(new RecordedLog(logLevel, eventId, formatter(state, exception), fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal), exception));
    }
}

/// <summary>One entry a <see cref="RecordingLogger{T}"/> kept; <see cref="Fields"/> are the structured values by name.</summary>
public sealed record RecordedLog(LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, object?> Fields, Exception? Exception);
