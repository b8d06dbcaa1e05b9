using System.Globalization;

namespace GitJit.Testing.Faults;

/// <summary>One run of the harness: where to kill, and everything random about it, drawn from <see cref="Seed"/> and <see cref="Index"/>.</summary>
/// <param name="Point">The moment to kill the server at.</param>
/// <param name="Seed">The seed of the whole sample (GITJIT_FAULT_SEED reproduces it).</param>
/// <param name="Index">This run's place in the sample: its world's name, and with the seed its random kill moment.</param>
public sealed record KillNinePlan(KillPoint Point, int Seed, int Index)
{
    /// <summary>
    /// A second instance shares the first one's database the whole run; the killed one is not started again, so the
    /// survivor alone must finish what it left (its jobs, its locks, the revocation).
    /// </summary>
    public bool Survivor { get; init; }

    /// <summary>The environment variable that sets the seed of the tests' sample; without it each run draws one.</summary>
    public const string SeedVariable = "GITJIT_FAULT_SEED";

    /// <summary>How long the grant lasts: short, so expiry comes within the run; the example policy allows seconds.</summary>
    public TimeSpan Duration => Point switch
    {
        KillPoint.Revocation => TimeSpan.FromSeconds(10),
        KillPoint.Random => TimeSpan.FromSeconds(20),
        _ => TimeSpan.FromSeconds(30),
    };

    /// <summary>For <see cref="KillPoint.Random"/>: how long after the merge delivery is accepted the server is killed (up to expiry + 3 s).</summary>
    public TimeSpan? KillAfter => Point == KillPoint.Random
        ? TimeSpan.FromMilliseconds(new Random(unchecked((Seed * 397) ^ Index)).NextDouble() * (Duration + TimeSpan.FromSeconds(3)).TotalMilliseconds)
        : null;

    /// <summary>This run's world name, unique in a sample: <c>[a-z0-9]</c>.</summary>
    public string Name => string.Create(CultureInfo.InvariantCulture, $"k{Index}x{(uint)Seed:x8}");

    /// <summary>The seed from <see cref="SeedVariable"/>, or a new one.</summary>
    public static int SeedFromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : Random.Shared.Next();

    /// <summary><paramref name="runs"/> plans taking the kill points in turn (so every point gets its share), numbered from 0.</summary>
    /// <param name="seed">The sample's seed.</param>
    /// <param name="runs">How many.</param>
    /// <param name="survivor">Whether each run has a <see cref="Survivor"/>.</param>
    public static IReadOnlyList<KillNinePlan> Mixed(int seed, int runs, bool survivor = false) =>
        [.. Enumerable.Range(0, runs).Select(i => new KillNinePlan((KillPoint)(i % 4), seed, i) { Survivor = survivor })];

    public override string ToString()
    {
        var survivor = Survivor ? ", a second instance survives" : "";
        return Point == KillPoint.Random
            ? string.Create(CultureInfo.InvariantCulture, $"{Point} #{Index} (seed {Seed}, kill {KillAfter!.Value.TotalSeconds:F2} s after the merge delivery{survivor})")
            : string.Create(CultureInfo.InvariantCulture, $"{Point} #{Index} (seed {Seed}{survivor})");
    }
}
