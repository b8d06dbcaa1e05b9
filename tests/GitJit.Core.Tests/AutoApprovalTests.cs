using System.Text;
using GitJit.Core.Decisions;
using GitJit.Core.Model;
using GitJit.Core.Rendering;
using GitJit.Core.Repository;
using GitJit.Testing;

namespace GitJit.Core.Tests;

/// <summary>
/// A role's <c>autoApprove</c> rule, through the one decision the bot and <c>gitjit plan</c> make: what it approves,
/// each condition that stops it, and that it never lifts any other rule.
/// </summary>
public sealed class AutoApprovalTests
{
    private const string Head = "1111111111111111111111111111111111111111";

    /// <summary>The example read-only role, approving itself for at most 1h of select, with a ticket, for the on-call team.</summary>
    private const string Rule = "    autoApprove:\n      maxDuration: 1h\n      readOnly: true\n      requireTicket: true\n      requesters: [\"@acme/oncall\"]\n";

    private static readonly TeamDirectory Teams = TeamDirectory.From(
        [new("acme/engineering", ["alice", "bob"]), new("acme/support-leads", []), new("acme/orders-dba", ["olga"]), new("acme/oncall", ["alice"])],
        isComplete: true);

    private static readonly string Request = Requests.AliceWith("duration", "45m") + "\nticket: INC-7";

    [Fact]
    public async Task ARequestWithinTheRule_IsApprovedWithoutReviews_AndThePlanSaysByWhichRule()
    {
        var decision = await DecideAsync(Request);

        Assert.Equal(DecisionStatus.Approved, decision.Status);
        Assert.True(decision.Grants);
        Assert.Empty(decision.Plan!.Approvals.Counted);
        Assert.Equal("the role read-only's autoApprove rule (at most 1h, select only, a ticket, requested by @acme/oncall)", decision.Plan.Approvals.ByRule);
        var markdown = PlanMarkdown.Render(decision);
        Assert.Contains("**Approved by rule:** the role read-only's autoApprove rule", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("**Approvals:", markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("duration", "2h", "it asks for 2h, longer than the 1h approved by rule")]
    [InlineData("ticket", null, "it names no ticket")]
    [InlineData("guardrails", "{ tables: [public.orders], privileges: [select, update] }", "it asks for select, update, and only select is approved by rule")]
    [InlineData("requester", "bob", "bob is not among @acme/oncall")]
    public async Task EachConditionTheRequestMisses_LeavesItToPeople_AndSaysWhy(string key, string? value, string why)
    {
        var request = key == "ticket" ? Requests.AliceWith("duration", "45m") : Replace(Request, key, value!);
        var author = key == "requester" ? value! : "alice";

        var decision = await DecideAsync(request, author: author);

        Assert.NotEqual(DecisionStatus.Approved, decision.Status);
        Assert.Null(decision.Plan?.Approvals.ByRule);
        if (decision.Plan is { } plan)
        {
            Assert.Equal(why, plan.Approvals.NotByRule);
            Assert.Contains("not approved by the role's rule: " + Markdown.Escape(why), PlanMarkdown.Render(decision), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AMembershipThatCannotBeChecked_NeverApproves()
    {
        var unknown = TeamDirectory.From([new("acme/engineering", ["alice"])], isComplete: false);

        var decision = await DecideAsync(Request, teams: unknown);

        Assert.NotEqual(DecisionStatus.Approved, decision.Status);
        Assert.Equal("whether alice is among @acme/oncall cannot be checked here", decision.Plan!.Approvals.NotByRule);
    }

    [Fact]
    public async Task TheRuleLiftsNoOtherRule_ARequestOpenedBySomeoneElseIsStillRefused()
    {
        var decision = await DecideAsync(Request, author: "bob");

        Assert.Equal(DecisionStatus.Refused, decision.Status);
        Assert.False(decision.Grants);
    }

    [Fact]
    public async Task ARuleLongerThanTheRole_IsAPolicyError()
    {
        var repository = Repository(Rule.Replace("maxDuration: 1h", "maxDuration: 5h", StringComparison.Ordinal));
        var policy = await (await AccessRepository.OpenAsync(repository, CancellationToken.None)).PolicyAsync("orders-db", CancellationToken.None);

        Assert.Null(policy!.Policy);
        Assert.Contains(policy.Findings, f => f.Code == "policy.auto-approve-longer");
    }

    private static InMemorySnapshot Repository(string rule)
    {
        var orders = ProjectFiles.Read("policies/orders-db.yaml");
        return TestAccess.ExampleRepository().With("policies/orders-db.yaml", orders.Replace("    approvals: 1\n", "    approvals: 1\n" + rule, StringComparison.Ordinal));
    }

    private static string Replace(string request, string key, string value) =>
        string.Join('\n', request.Split('\n').Select(line => line.StartsWith(key + ":", StringComparison.Ordinal) ? $"{key}: {value}" : line)
            .Where(line => !line.StartsWith("  tables:", StringComparison.Ordinal) || key != "guardrails"));

    private static async Task<PullRequestDecision> DecideAsync(string request, string author = "alice", TeamDirectory? teams = null)
    {
        var baseBranch = await AccessRepository.OpenAsync(Repository(Rule), CancellationToken.None);
        var facts = new PullRequestFacts(author, Head, [new ChangedFile(Requests.AlicePath, ChangeKind.Added, Encoding.UTF8.GetBytes(request))], []);
        return await PullRequestDecider.DecideAsync(baseBranch, facts, teams ?? Teams, TestAccess.Now, CancellationToken.None);
    }
}
