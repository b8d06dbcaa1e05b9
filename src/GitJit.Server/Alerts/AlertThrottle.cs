namespace GitJit.Server.Alerts;

/// <summary>
/// One alert per grant per interval: a grant's first refusal goes at once; the refusals after it, until the interval
/// has passed, are held — the first as the alert's example, the rest counted by guardrail — and go as one alert when it
/// has. So a session refused a million times makes one alert per interval, never a million. Not thread-safe: one
/// dispatcher owns it.
/// </summary>
internal sealed class AlertThrottle(TimeSpan interval)
{
    private readonly Dictionary<string, Window> windows = new(StringComparer.Ordinal);

    /// <summary>The alert to send now for <paramref name="refusal"/>, or null when it is held for a later one.</summary>
    public RefusalAlert? Offer(RefusalAlert refusal, DateTimeOffset now)
    {
        if (!windows.TryGetValue(refusal.GrantId, out var window) || now - window.Opened >= interval)
        {
            windows[refusal.GrantId] = new Window(now);
            return refusal;
        }
        if (window.Held is null) window.Held = refusal;
        else window.More[refusal.Guardrail] = window.More.GetValueOrDefault(refusal.Guardrail) + 1;
        return null;
    }

    /// <summary>The held alerts whose interval has passed; grants with nothing held are forgotten.</summary>
    public IReadOnlyList<RefusalAlert> Due(DateTimeOffset now)
    {
        var due = new List<RefusalAlert>();
        foreach (var (grant, window) in windows.ToList())
        {
            if (now - window.Opened < interval) continue;
            if (window.Held is { } held)
            {
                due.Add(held with { MoreSince = window.More });
                windows[grant] = new Window(now);
            }
            else
            {
                windows.Remove(grant);
            }
        }
        return due;
    }

    /// <summary>Grants with an open interval.</summary>
    public int Count => windows.Count;

    private sealed class Window(DateTimeOffset opened)
    {
        public DateTimeOffset Opened { get; } = opened;

        public RefusalAlert? Held { get; set; }

        public Dictionary<string, int> More { get; } = new(StringComparer.Ordinal);
    }
}
