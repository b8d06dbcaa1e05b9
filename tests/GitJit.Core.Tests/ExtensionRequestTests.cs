using System.Text;
using GitJit.Core.Decisions;
using GitJit.Core.Documents;
using GitJit.Core.Model;
using GitJit.Core.Rendering;
using GitJit.Core.Repository;
using GitJit.Testing;

namespace GitJit.Core.Tests;

/// <summary>
/// Extension requests (<c>extends: N</c>): how they are read, who may open one (the requester, or GitJit's own App for
/// them), and what the plan says. Whether the grant of N may be extended is decided on merge, from the records.
/// </summary>
public sealed class ExtensionRequestTests
{
    private const string Head = "1111111111111111111111111111111111111111";
    private const string Bot = "gitjit[bot]";

    private static readonly string Extension = Requests.AliceWith("extends", "12").Replace("duration: 2h", "duration: 1h", StringComparison.Ordinal)
        .Replace("guardrails:\n  tables: [public.orders]", "", StringComparison.Ordinal);

    private static readonly TeamDirectory Teams = TeamDirectory.From(
        [new("acme/engineering", ["alice", "bob"]), new("acme/support-leads", []), new("acme/orders-dba", ["olga", "alice"])], isComplete: true);

    [Fact]
    public async Task Extends_IsReadAsTheMergedPullRequestItExtends()
    {
        var schema = await SchemaAsync();
        var document = RequestDocument.Read(Requests.AlicePath, Encoding.UTF8.GetBytes(Extension), schema);

        Assert.Empty(document.Findings);
        Assert.Equal(12, document.Request!.Extends);
        Assert.Equal(TimeSpan.FromHours(1), document.Request.Duration);
        Assert.Null(RequestDocument.Read(Requests.AlicePath, Encoding.UTF8.GetBytes(Requests.AliceReadOnly), schema).Request!.Extends);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("twelve")]
    [InlineData("\"12\"")]
    [InlineData("1.5")]
    [InlineData("[12]")]
    public async Task Extends_ThatIsNoPullRequestNumber_IsRefused(string value)
    {
        var schema = await SchemaAsync();
        var document = RequestDocument.Read(Requests.AlicePath, Encoding.UTF8.GetBytes(Extension.Replace("extends: 12", "extends: " + value, StringComparison.Ordinal)), schema);

        Assert.Null(document.Request);
        Assert.Contains(document.Findings, f => f.Severity == Severity.Error && f.Line == 6);
    }

    [Fact]
    public async Task AnExtensionRequestOpenedByGitJitsApp_ForTheRequester_IsNotRefusedForItsAuthor()
    {
        var decision = await DecideAsync(Facts(Extension, Bot, Approve("olga")) with { BotLogin = Bot });

        Assert.Equal(DecisionStatus.Approved, decision.Status);
        Assert.Equal(12, decision.Plan!.Extends);
        Assert.Null(decision.Plan.RequesterId);
    }

    [Fact]
    public async Task TheRequesterMayOpenAnExtensionRequestByHand()
    {
        var decision = await DecideAsync(Facts(Extension, "alice", Approve("olga")) with { AuthorId = 41 });

        Assert.Equal(DecisionStatus.Approved, decision.Status);
        Assert.Equal(41, decision.Plan!.RequesterId);
    }

    [Theory]
    [InlineData("bob", Bot)]
    [InlineData("other-app[bot]", Bot)]
    [InlineData(Bot, null)]
    public async Task AnExtensionRequestBySomeoneElse_IsRefused(string author, string? botLogin)
    {
        var decision = await DecideAsync(Facts(Extension, author, Approve("olga")) with { BotLogin = botLogin });

        Assert.Equal(DecisionStatus.Refused, decision.Status);
        Assert.Contains(decision.Findings, f => f.Code == "pr.requester-not-author");
    }

    [Fact]
    public async Task GitJitsApp_MayNotOpenAnOrdinaryRequestForSomeone()
    {
        var decision = await DecideAsync(Facts(Requests.AliceReadOnly, Bot, Approve("olga")) with { BotLogin = Bot });

        Assert.Contains(decision.Findings, f => f.Code == "pr.requester-not-author");
    }

    [Fact]
    public async Task TheRequester_NeverApprovesTheirExtension_EvenWhenTheAppOpenedIt()
    {
        var decision = await DecideAsync(Facts(Extension, Bot, Approve("alice")) with { BotLogin = Bot });

        Assert.Equal(DecisionStatus.AwaitingApproval, decision.Status);
        Assert.Contains("requester", Assert.Single(decision.Plan!.Approvals.Ignored).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExtensionRequest_MayNotNameGuardrails_ItsGrantKeepsItsOwn()
    {
        var decision = await DecideAsync(Facts(Requests.AliceWith("extends", "12"), "alice", Approve("olga")));

        Assert.Equal(DecisionStatus.Refused, decision.Status);
        var finding = Assert.Single(decision.Findings, f => f.Code == "request.extension-guardrails");
        Assert.Equal(8, finding.Line);
    }

    [Fact]
    public async Task ThePlan_SaysWhichGrantItExtends_ByHowMuch_AndTheLongestItMayThenLast()
    {
        var markdown = PlanMarkdown.Render(await DecideAsync(Facts(Extension, Bot) with { BotLogin = Bot }));

        Assert.Contains("**Extends #12; adds 1h**", markdown, StringComparison.Ordinal);
        Assert.Contains("the new expiry is at most 4h (the role's `maxDuration`) after the grant began", markdown, StringComparison.Ordinal);
        Assert.Contains("| Extends | #12, by 1h; at most 4h in all |", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("**Guardrails**", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("| Duration |", markdown, StringComparison.Ordinal);
        Assert.Contains("**Approvals: 0 of 1**", markdown, StringComparison.Ordinal);
    }

    private static async Task<Schemas.AccessSchema> SchemaAsync() =>
        (await AccessRepository.OpenAsync(TestAccess.ExampleRepository(), CancellationToken.None)).RequestSchema;

    private static async Task<PullRequestDecision> DecideAsync(PullRequestFacts facts)
    {
        var baseBranch = await AccessRepository.OpenAsync(TestAccess.ExampleRepository(), CancellationToken.None);
        return await PullRequestDecider.DecideAsync(baseBranch, facts, Teams, TestAccess.Now, CancellationToken.None);
    }

    private static PullRequestFacts Facts(string request, string author, params Review[] reviews) =>
        new(author, Head, [new ChangedFile(Requests.AlicePath, ChangeKind.Added, Encoding.UTF8.GetBytes(request))], reviews);

    private static Review Approve(string reviewer) => new(1, reviewer, ReviewState.Approved, Head, new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
}
