namespace GitJit.Gateway.Wire;

/// <summary>
/// Tokens refilled at a steady rate, up to a capacity: bounds how often a request that needs no login may cost the
/// shared storage a query.
/// </summary>
internal sealed class TokenBucket(int capacity, double perSecond, TimeProvider time)
{
    private readonly Lock gate = new();
    private double tokens = capacity;
    private long last = time.GetTimestamp();

    /// <summary>Takes a token; false when there is none left (the first refusal after a take says so: <paramref name="firstRefusal"/>).</summary>
    public bool TryTake(out bool firstRefusal)
    {
        lock (gate)
        {
            var now = time.GetTimestamp();
            tokens = Math.Min(capacity, tokens + (time.GetElapsedTime(last, now).TotalSeconds * perSecond));
            last = now;
            if (tokens >= 1)
            {
                tokens--;
                Refusing = false;
                firstRefusal = false;
                return true;
            }
            firstRefusal = !Refusing;
            Refusing = true;
            return false;
        }
    }

    private bool Refusing { get; set; }
}
