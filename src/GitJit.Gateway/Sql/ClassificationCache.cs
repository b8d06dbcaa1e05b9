namespace GitJit.Gateway.Sql;

/// <summary>
/// Classifications by exact query text, least recently used dropped first. Bounded twice: by entries, and by the
/// length of a text worth keeping (a long text is rarely sent twice, and would hold memory).
/// </summary>
internal sealed class ClassificationCache(int capacity, int maxTextLength)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, LinkedListNode<KeyValuePair<string, Classification>>> entries = new(StringComparer.Ordinal);
    private readonly LinkedList<KeyValuePair<string, Classification>> recency = new();

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

    public bool TryGet(string text, out Classification classification)
    {
        lock (gate)
        {
            if (entries.TryGetValue(text, out var node))
            {
                recency.Remove(node);
                recency.AddFirst(node);
                classification = node.Value.Value;
                return true;
            }
        }
        classification = null!;
        return false;
    }

    public void Add(string text, Classification classification)
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
            entries[text] = recency.AddFirst(new KeyValuePair<string, Classification>(text, classification));
            if (entries.Count > capacity)
            {
                entries.Remove(recency.Last!.Value.Key);
                recency.RemoveLast();
            }
        }
    }
}
