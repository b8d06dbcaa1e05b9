namespace GitJit.Gateway.Sql;

/// <summary>
/// Values by exact text (a query string, or a query's shape), least recently used dropped first. Bounded twice: by
/// entries, and by the length of a text worth keeping (a long text is rarely sent twice, and would hold memory).
/// </summary>
internal sealed class TextCache<T>(int capacity, int maxTextLength)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, LinkedListNode<KeyValuePair<string, T>>> entries = new(StringComparer.Ordinal);
    private readonly LinkedList<KeyValuePair<string, T>> recency = new();

    public int Count
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    public bool TryGet(string text, out T value)
    {
        lock (gate)
        {
            if (entries.TryGetValue(text, out var node))
            {
                recency.Remove(node);
                recency.AddFirst(node);
                value = node.Value.Value;
                return true;
            }
        }
        value = default!;
        return false;
    }

    public void Add(string text, T value)
    {
        if (capacity == 0 || text.Length > maxTextLength)
        {
            return;
        }
        lock (gate)
        {
            if (entries.ContainsKey(text))
            {
                return;
            }
            entries[text] = recency.AddFirst(new KeyValuePair<string, T>(text, value));
            if (entries.Count > capacity)
            {
                entries.Remove(recency.Last!.Value.Key);
                recency.RemoveLast();
            }
        }
    }
}
