using GitJit.Testing;
using GitJit.Testing.Faults;

namespace GitJit.Server.Tests.Faults;

/// <summary>
/// The CI sample of the kill -9 harness, all runs at once (each waits mostly on the clock, and the sample must fit in a
/// few minutes): one per fixed kill point, two at seeded random moments and one with a second instance that survives the kill, each with a server process of its own
/// and its own names in one throwaway PostgreSQL cluster of the sample's own. Started when the tests' class is made; each test awaits its run.
/// </summary>
public sealed class KillNineSample : IAsyncLifetime
{
    /// <summary>How many runs kill at a random moment.</summary>
    public const int RandomRuns = 2;

    /// <summary>The run with a second instance that survives the kill.</summary>
    public const int SurvivorRun = 3 + RandomRuns;

    private readonly Dictionary<int, Task<KillNineOutcome>> runs = [];

    public int Seed { get; } = KillNinePlan.SeedFromEnvironment();

    /// <summary>Where the runs keep their files (logs included), left for diagnostics under the temp path.</summary>
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "gitjit-faults", Guid.NewGuid().ToString("N")[..8]);

    public Task InitializeAsync()
    {
        var plans = new List<KillNinePlan>
        {
            new(KillPoint.RoleProvisioned, Seed, 0),
            new(KillPoint.GrantRecorded, Seed, 1),
            new(KillPoint.Revocation, Seed, 2),
        };
        plans.AddRange(Enumerable.Range(3, RandomRuns).Select(i => new KillNinePlan(KillPoint.Random, Seed, i)));
        // Two instances, one killed for good at the worst moment: the other alone ends the grant and tells its end.
        plans.Add(new KillNinePlan(KillPoint.Revocation, Seed, SurvivorRun) { Survivor = true });
        // A cluster of the sample's own: its servers' reconcilers see only their own roles, and no other test's settings reach them.
        var cluster = TestPostgres.NewCluster(maxConnections: 300);
        foreach (var plan in plans) runs[plan.Index] = Task.Run(() => KillNineScenario.RunAsync(plan, cluster, Path.Combine(Folder, plan.Name), CancellationToken.None));
        return Task.CompletedTask;
    }

    /// <summary>The outcome of run <paramref name="index"/>; a run that threw is reported with the seed.</summary>
    public async Task<KillNineOutcome> OutcomeAsync(int index)
    {
        try
        {
            return await runs[index];
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or Npgsql.NpgsqlException or HttpRequestException)
        {
            throw new InvalidOperationException($"kill -9 run #{index} failed ({KillNinePlan.SeedVariable}={Seed}, files in {Folder}): {e.Message}", e);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var run in runs.Values)
        {
            try
            {
                await run;
            }
#pragma warning disable CA1031 // Each run's failure is its own test's to report; here only every server process must be gone.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }
}
