using GitJit.Testing.Faults;

namespace GitJit.Server.Tests.Faults;

/// <summary>
/// The server as a real process, killed with SIGKILL at the worst moments of a grant's life and started again: nothing
/// outlives its expiry by more than a minute, and the story in git, on the pull request and in the checks is told
/// exactly once. The seed is in every failure message; <c>GITJIT_FAULT_SEED</c> sets it.
/// </summary>
public sealed class KillNineTests(KillNineSample sample) : IClassFixture<KillNineSample>
{
    [Fact]
    public async Task KilledTheMomentTheRoleAppears_TheRoleIsGoneInTime_AndItsStoryToldOnce() => Assert.Clean(await sample.OutcomeAsync(0));

    [Fact]
    public async Task KilledTheMomentTheGrantIsRecorded_TheRoleIsGoneInTime_AndItsStoryToldOnce() => Assert.Clean(await sample.OutcomeAsync(1));

    [Fact]
    public async Task KilledDuringRevocation_TheRoleIsGoneInTime_AndItsEndRecordedOnce() => Assert.Clean(await sample.OutcomeAsync(2));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task KilledAtARandomMoment_TheRoleIsGoneInTime_AndItsStoryToldOnce(int sampleRun)
    {
        Xunit.Assert.InRange(sampleRun, 0, KillNineSample.RandomRuns - 1);
        Assert.Clean(await sample.OutcomeAsync(3 + sampleRun));
    }

    [Fact]
    public async Task OneOfTwoInstancesKilledDuringRevocation_TheOtherEndsItInTime_AndRecordsItOnce() => Assert.Clean(await sample.OutcomeAsync(KillNineSample.SurvivorRun));

    private static class Assert
    {
        public static void Clean(KillNineOutcome outcome) => Xunit.Assert.True(outcome.Killed && outcome.Violations.Count == 0, outcome.Describe());
    }
}
