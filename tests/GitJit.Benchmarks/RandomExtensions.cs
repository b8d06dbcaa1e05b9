namespace GitJit.Benchmarks;

/// <summary>Picks from lists with a seeded <see cref="Random"/>, so every run writes the same bytes.</summary>
internal static class RandomExtensions
{
    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public static bool Chance(this Random random, double probability) => random.NextDouble() < probability;

    /// <summary>Between <paramref name="min"/> and <paramref name="max"/> distinct items, in their original order.</summary>
    public static List<T> Subset<T>(this Random random, IReadOnlyList<T> items, int min, int max)
    {
        var count = random.Next(Math.Min(min, items.Count), Math.Min(max, items.Count) + 1);
        var chosen = Enumerable.Range(0, items.Count).OrderBy(_ => random.Next()).Take(count).Order();
        return [.. chosen.Select(i => items[i])];
    }
}
