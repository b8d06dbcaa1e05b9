using System.Text;
using GitJit.Core.Decisions;
using GitJit.Core.Model;
using GitJit.Core.Rendering;
using GitJit.Core.Repository;
using GitJit.Testing;

namespace GitJit.Core.Tests;

/// <summary>A request's optional <c>start</c>: read with its offset, judged against the decision's moment, shown in the plan in UTC.</summary>
public sealed class ScheduledStartTests
{
    [Theory]
    [InlineData("2026-12-05T09:00:00+01:00", "2026-12-05T08:00:00Z")]
    [InlineData("2026-12-05T08:00:00Z", "2026-12-05T08:00:00Z")]
    [InlineData("2026-12-05T03:30-04:30", "2026-12-05T08:00:00Z")]
    [InlineData("2026-12-05T08:00:00.5Z", "2026-12-05T08:00:00.5Z")]
    public void Parse_WithAnOffset_GivesThatMoment(string text, string utc)
    {
        Assert.True(GrantStart.TryParse(text, out var start, out var problem), problem);
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), start);
    }

    [Theory]
    [InlineData("2026-12-05T09:00:00", "not a date and time with an offset")]
    [InlineData("2026-12-05", "not a date and time with an offset")]
    [InlineData("tomorrow", "not a date and time with an offset")]
    [InlineData("2026-12-05 09:00:00Z", "not a date and time with an offset")]
    [InlineData("2026-02-30T09:00:00Z", "not a real date and time")]
    [InlineData("2026-12-05T25:00:00Z", "not a real date and time")]
    [InlineData("2026-12-05T09:00:00+15:00", "not a real date and time")]
    public void Parse_WithoutAnOffsetOrAMoment_IsRefusedWithAReason(string text, string reason)
    {
        Assert.False(GrantStart.TryParse(text, out _, out var problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_WithAStart_ReadsItAndIsValid()
    {
        var evaluation = await TestAccess.EvaluateAsync(Requests.AliceWith("start", "2026-12-05T09:00:00+01:00"));

        Assert.Empty(evaluation.ErrorsOf());
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 8, 0, 0, TimeSpan.Zero), evaluation.Document.Request!.Start);
    }

    [Fact]
    public async Task Request_WithoutAStart_HasNone()
    {
        var evaluation = await TestAccess.EvaluateAsync(Requests.AliceReadOnly);

        Assert.Null(evaluation.Document.Request!.Start);
    }

    [Fact]
    public async Task Start_WithoutAnOffset_IsAnErrorAtItsLine()
    {
        var evaluation = await TestAccess.EvaluateAsync(Requests.AliceWith("start", "2026-12-05T09:00:00"));

        var error = Assert.Single(evaluation.ErrorsOf());
        Assert.Equal("schema.pattern", error.Code);
        Assert.Equal(6, error.Line);
        Assert.Contains("explicit offset", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithoutAnOffset_UnderALooseSchema_IsStillAnError()
    {
        var loose = TestAccess.ExampleRepository().With("schemas/access-request.schema.json", "{}");

        var evaluation = await TestAccess.EvaluateAsync(Requests.AliceWith("start", "2026-12-05T09:00:00"), repository: loose);

        var error = Assert.Single(evaluation.ErrorsOf());
        Assert.Equal("request.invalid-start", error.Code);
        Assert.Contains("with an offset", error.Message, StringComparison.Ordinal);
        Assert.Null(evaluation.Document.Request);
    }

    [Theory]
    [InlineData("2027-03-04T12:00:00Z", false)]
    [InlineData("2027-03-04T12:00:01Z", true)]
    [InlineData("2026-01-01T00:00:00Z", false)]
    public async Task Start_MoreThan90DaysAway_IsAnError_APassedOneIsNot(string start, bool tooFar)
    {
        var evaluation = await TestAccess.EvaluateAsync(Requests.AliceWith("start", start));

        Assert.Equal(tooFar, evaluation.Codes().Contains("request.start-too-far"));
        if (tooFar)
        {
            Assert.Equal("start 2027-03-04 12:00:01 UTC is more than 90d away; ask again nearer the time", evaluation.ErrorsOf().Single().Message);
        }
    }

    [Fact]
    public async Task Start_IsJudgedAgainstTheDecisionsMoment()
    {
        var request = Requests.AliceWith("start", "2027-03-04T12:00:01Z");

        var early = await TestAccess.EvaluateAsync(request);
        var later = await TestAccess.EvaluateAsync(request, now: TestAccess.Now.AddDays(1));

        Assert.Contains("request.start-too-far", early.Codes());
        Assert.Empty(later.ErrorsOf());
    }

    [Fact]
    public async Task Plan_WithAFutureStart_ShowsStartAndEndInUtc()
    {
        var plan = await PlanAsync(Requests.AliceWith("start", "2026-12-05T09:00:00+01:00"));

        Assert.Equal(new DateTimeOffset(2026, 12, 5, 8, 0, 0, TimeSpan.Zero), plan.Plan!.Start);
        Assert.False(plan.Plan.StartHasPassed);
        var markdown = PlanMarkdown.Render(plan);
        Assert.Contains("| Starts | 2026-12-05 08:00:00 UTC, when merged before then (else at merge); ends 2026-12-05 10:00:00 UTC |", markdown, StringComparison.Ordinal);
        Assert.Contains("for **2h**, from 2026-12-05 08:00:00 UTC if merged before then;", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_WithAPassedStart_SaysItBeginsAtMerge()
    {
        var plan = await PlanAsync(Requests.AliceWith("start", "2026-12-01T08:00:00Z"));

        Assert.True(plan.Plan!.StartHasPassed);
        Assert.Contains("| Starts | at the grant after merge (2026-12-01 08:00:00 UTC has passed); ends 2h later |", PlanMarkdown.Render(plan), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_WithoutAStart_BeginsAtMerge()
    {
        var plan = await PlanAsync(Requests.AliceReadOnly);

        Assert.Null(plan.Plan!.Start);
        Assert.Contains("| Starts | at the grant after merge; ends 2h later |", PlanMarkdown.Render(plan), StringComparison.Ordinal);
    }

    private static async Task<PullRequestDecision> PlanAsync(string request)
    {
        var baseBranch = await AccessRepository.OpenAsync(TestAccess.ExampleRepository(), CancellationToken.None);
        var facts = new PullRequestFacts("alice", "abc", [new ChangedFile(Requests.AlicePath, ChangeKind.Added, Encoding.UTF8.GetBytes(request))], []);
        var teams = TeamDirectory.From([new("acme/engineering", ["alice"])], isComplete: true);
        return await PullRequestDecider.DecideAsync(baseBranch, facts, teams, TestAccess.Now, CancellationToken.None);
    }
}
