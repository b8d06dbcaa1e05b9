using GitJit.Core.Decisions;
using GitJit.Core.Model;
using GitJit.Core.Rendering;
using GitJit.Core.Repository;
using GitJit.Testing;

namespace GitJit.Core.Tests;

/// <summary>
/// Break-glass through the one decision the bot and <c>gitjit plan</c> make: a role's <c>emergency</c> rule lets a
/// request marked <c>emergency: true</c> be granted before approval, capped by the rule; every other rule still holds.
/// </summary>
public sealed class EmergencyTests
{
    /// <summary>The example read-only role (4h), allowing 30m in an emergency, reviewed within 1h.</summary>
    private const string Rule = "    emergency:\n      maxDuration: 30m\n      followUpWithin: 1h\n";

    private static readonly TeamDirectory Teams = TeamDirectory.From(
        [new("acme/engineering", ["alice", "bob"]), new("acme/support-leads", []), new("acme/orders-dba", ["olga"])], isComplete: true);

    private static readonly string Emergency = Requests.AliceWith("duration", "20m") + "\nemergency: true";

    [Fact]
    public async Task AnEmergencyTheRoleAllows_IsGrantedBeforeApproval_AndThePlanSaysHowItIsReviewed()
    {
        var decision = await DecideAsync(Emergency);

        Assert.Equal(DecisionStatus.AwaitingApproval, decision.Status);
        Assert.False(decision.Grants);
        Assert.True(decision.GrantsInEmergency);
        Assert.Equal(new EmergencyAccess(TimeSpan.FromMinutes(30), TimeSpan.FromHours(1)), decision.Plan!.Emergency);
        var markdown = PlanMarkdown.Render(decision);
        Assert.Contains("| 🚨 Emergency | break-glass: granted without approvals, for at most 30m; the code owners are alerted, and unless one of them approves within 1h", markdown, StringComparison.Ordinal);
        Assert.Contains("from the emergency grant when this pull request opens", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSameRequestWithoutEmergency_WaitsForApprovalAsEver()
    {
        var decision = await DecideAsync(Requests.AliceWith("duration", "20m"));

        Assert.Equal(DecisionStatus.AwaitingApproval, decision.Status);
        Assert.False(decision.GrantsInEmergency);
        Assert.Null(decision.Plan!.Emergency);
        Assert.DoesNotContain("Emergency", PlanMarkdown.Render(decision), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmergencyOnARoleWithoutTheRule_IsRefused()
    {
        var decision = await DecideAsync(Emergency, rule: "");

        Assert.Equal(DecisionStatus.Refused, decision.Status);
        Assert.False(decision.GrantsInEmergency);
        var finding = Assert.Single(decision.Errors);
        Assert.Equal("request.emergency-not-allowed", finding.Code);
        Assert.Contains("the read-only role may not be granted in an emergency", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmergencyLongerThanTheRuleAllows_IsRefused_ThoughTheRoleAllowsIt()
    {
        var decision = await DecideAsync(Requests.AliceWith("duration", "2h") + "\nemergency: true");

        Assert.False(decision.GrantsInEmergency);
        Assert.Equal("request.emergency-too-long", Assert.Single(decision.Errors).Code);
    }

    [Fact]
    public async Task TheRuleLiftsNoOtherRule_AnEmergencyOpenedBySomeoneElseIsNotGranted()
    {
        var decision = await DecideAsync(Emergency, author: "bob");

        Assert.Equal(DecisionStatus.Refused, decision.Status);
        Assert.False(decision.GrantsInEmergency);
    }

    [Fact]
    public async Task EmergencyFalse_IsAnOrdinaryRequest_AndANonBooleanIsASchemaError()
    {
        Assert.False((await DecideAsync(Requests.AliceWith("duration", "20m") + "\nemergency: false")).GrantsInEmergency);

        var decision = await DecideAsync(Requests.AliceWith("duration", "20m") + "\nemergency: \"yes\"");

        Assert.Equal(DecisionStatus.Refused, decision.Status);
        Assert.False(decision.GrantsInEmergency);
        Assert.Contains(decision.Errors, f => f.Message.Contains("emergency", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("\nstart: 2026-12-05T09:00:00Z", "an emergency is granted when its pull request opens: it takes no start")]
    [InlineData("\nextends: 3", "an emergency is a grant of its own: it extends nothing")]
    public async Task AnEmergencyThatIsAlsoScheduledOrAnExtension_IsRefused_NotGuessed(string more, string message)
    {
        var decision = await DecideAsync(Emergency + more);

        Assert.False(decision.GrantsInEmergency);
        Assert.Contains(decision.Errors, f => f.Code == "request.conflicting-fields" && f.Message == message);
    }

    [Theory]
    [InlineData("    emergency:\n      maxDuration: 5h\n      followUpWithin: 1h\n", "policy.emergency-longer")]
    [InlineData("    emergency:\n      maxDuration: 30m\n      followUpWithin: 2d\n", "policy.emergency-follow-up")]
    public async Task ARuleBeyondItsBounds_IsAPolicyError(string rule, string code)
    {
        var policy = await (await AccessRepository.OpenAsync(TestAccess.WithReadOnlyRule(rule), CancellationToken.None)).PolicyAsync("orders-db", CancellationToken.None);

        Assert.Null(policy!.Policy);
        Assert.Contains(policy.Findings, f => f.Code == code);
    }

    [Fact]
    public async Task ARuleWithoutAFollowUpWindow_IsASchemaError()
    {
        var policy = await (await AccessRepository.OpenAsync(TestAccess.WithReadOnlyRule("    emergency:\n      maxDuration: 30m\n"), CancellationToken.None)).PolicyAsync("orders-db", CancellationToken.None);

        Assert.Null(policy!.Policy);
        Assert.Contains(policy.Findings, f => f.Message.Contains("followUpWithin", StringComparison.Ordinal));
    }

    private static Task<PullRequestDecision> DecideAsync(string request, string author = "alice", string rule = Rule) =>
        TestAccess.DecideAsync(TestAccess.WithReadOnlyRule(rule), request, author, Teams);
}
