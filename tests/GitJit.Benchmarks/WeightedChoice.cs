namespace GitJit.Benchmarks;

/// <summary>Picks items in proportion to fixed weights, as some resources see far more requests than others.</summary>
internal sealed class WeightedChoice<T>
{
    private readonly IReadOnlyList<T> items;
    private readonly int[] cumulative;

    public WeightedChoice(IReadOnlyList<T> items, Func<T, int> weight)
    {
        this.items = items;
        cumulative = new int[items.Count];
        var total = 0;
        for (var i = 0; i < items.Count; i++)
        {
            total += Math.Max(1, weight(items[i]));
            cumulative[i] = total;
        }
    }

    public T Pick(Random random)
    {
        var index = Array.BinarySearch(cumulative, random.Next(cumulative[^1]) + 1);
        return items[index >= 0 ? index : ~index];
    }
}
