namespace GitJit.Testing;

/// <summary>Request texts for tests: a valid one to start from, changed a field at a time.</summary>
public static class Requests
{
    /// <summary>A valid read-only request by alice for orders-db, against the checkout's example policy.</summary>
    public const string AliceReadOnly = """
        requester: alice
        resource: orders-db
        role: read-only
        duration: 2h
        reason: Investigate stuck orders after deploy 4711
        guardrails:
          tables: [public.orders]
        """;

    public const string AlicePath = "access-requests/orders-db/alice-2.yaml";

    /// <summary><see cref="AliceReadOnly"/> with one top-level line replaced, or added when absent.</summary>
    public static string AliceWith(string key, string value)
    {
        var lines = AliceReadOnly.Split('\n').ToList();
        var index = lines.FindIndex(l => l.StartsWith(key + ":", StringComparison.Ordinal));
        var line = $"{key}: {value}";
        if (index >= 0) lines[index] = line;
        else lines.Insert(lines.FindIndex(l => l.StartsWith("guardrails:", StringComparison.Ordinal)), line);
        return string.Join('\n', lines);
    }
}
