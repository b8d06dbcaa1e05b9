using System.Text;
using GitJit.Core.Decisions;
using GitJit.Core.Model;
using GitJit.Core.Repository;
using GitJit.Testing;

namespace GitJit.Core.Tests;

public sealed class PullRequestDeciderTests
{
    private const string Head = "1111111111111111111111111111111111111111";
    private const string Older = "0000000000000000000000000000000000000000";
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    // orders-db requests are owned by @acme/orders-dba and @dana (this checkout's .github/CODEOWNERS).
    private static readonly TeamDirectory Teams = TeamDirectory.From(
        [
            new("acme/engineering", ["alice", "bob", "carol"]),
            new("acme/support-leads", []),
            new("acme/orders-dba", ["olga", "alice"]),
        ],
        isComplete: true);

    [Fact]
    public async Task ValidRequestWithoutApprovals_AwaitsApproval()
    {
        var decision = await DecideAsync(Facts());

        Assert.Equal(DecisionStatus.AwaitingApproval, decision.Status);
        Assert.Empty(decision.Findings);
        Assert.Equal(1, decision.Plan!.Approvals.Missing);
        Assert.Equal(["@acme/orders-dba", "@dana"], decision.Plan.Approvers.Select(o => o.ToString()));
        Assert.False(decision.Grants);
    }

    [Fact]
    public async Task CodeOwnerApprovalOnTheHeadCommit_Approves()
    {
        var decision = await DecideAsync(Facts(Approve("dana")));

        Assert.Equal(DecisionStatus.Approved, decision.Status);
        Assert.True(decision.Grants);
        Assert.Equal("dana", Assert.Single(decision.Plan!.Approvals.Counted).Reviewer);
    }

    [Fact]
    public async Task ApprovalFromAMemberOfAnOwningTeam_Counts()
    {
        var decision = await DecideAsync(Facts(Approve("olga")));

        Assert.Equal(DecisionStatus.Approved, decision.Status);
    }

    [Fact]
    public async Task SelfApproval_NeverCounts_EvenFromAnOwningTeamMember()
    {
        var decision = await DecideAsync(Facts(Approve("alice")));

        Assert.Equal(DecisionStatus.AwaitingApproval, decision.Status);
        Assert.Contains("requester", Assert.Single(decision.Plan!.Approvals.Ignored).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApprovalFromANonOwner_DoesNotCount()
    {
        var decision = await DecideAsync(Facts(Approve("bob")));

        Assert.Equal(DecisionStatus.AwaitingApproval, decision.Status);
        Assert.Contains("not a code owner", Assert.Single(decision.Plan!.Approvals.Ignored).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApprovalOnAnOlderCommit_IsStale()
    {
        var decision = await DecideAsync(Facts(Approve("dana", commit: Older)));

        Assert.Equal(DecisionStatus.AwaitingApproval, decision.Status);
        Assert.Contains("earlier commit", Assert.Single(decision.Plan!.Approvals.Ignored).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangesRequestedAfterApproval_WithdrawsIt()
    {
        var decision = await DecideAsync(Facts(
            Approve("dana", at: 1),
            new Review(2, "dana", ReviewState.ChangesRequested, Head, Monday.AddMinutes(2))));

        Assert.Equal(DecisionStatus.AwaitingApproval, decision.Status);
    }

    [Fact]
    public async Task DismissedApproval_DoesNotCount()
    {
        var decision = await DecideAsync(Facts(new Review(1, "dana", ReviewState.Dismissed, Head, Monday)));

        Assert.Equal(DecisionStatus.AwaitingApproval, decision.Status);
    }

    [Fact]
    public async Task CommentAfterApproval_KeepsIt_AsOnGitHub()
    {
        var decision = await DecideAsync(Facts(
            Approve("dana", at: 1),
            new Review(2, "dana", ReviewState.Commented, Head, Monday.AddMinutes(2))));

        Assert.Equal(DecisionStatus.Approved, decision.Status);
    }

    [Fact]
    public async Task ReApprovalOfTheNewHead_CountsAgain()
    {
        var decision = await DecideAsync(Facts(Approve("dana", at: 1, commit: Older), Approve("dana", at: 2)));

        Assert.Equal(DecisionStatus.Approved, decision.Status);
    }

    [Fact]
    public async Task ApprovalsFromTheSameReviewer_CountOnce()
    {
        var write = Requests.AliceReadOnly
            .Replace("role: read-only", "role: write", StringComparison.Ordinal)
            .Replace("duration: 2h", "duration: 30m\nticket: INC-1", StringComparison.Ordinal);

        var decision = await DecideAsync(Facts(write, Approve("dana", at: 1), Approve("DANA", at: 2)));

        Assert.Equal(DecisionStatus.AwaitingApproval, decision.Status);
        Assert.Equal((1, 2), (decision.Plan!.Approvals.Counted.Count, decision.Plan.Approvals.Required));
    }

    [Fact]
    public async Task RequesterOtherThanTheAuthor_IsRefused()
    {
        var decision = await DecideAsync(Facts(Approve("dana")) with { Author = "mallory" });

        Assert.Equal(DecisionStatus.Refused, decision.Status);
        Assert.Contains(decision.Errors, f => f.Code == "pr.requester-not-author");
        Assert.False(decision.Grants);
    }

    [Fact]
    public async Task PullRequestWithoutRequestFiles_IsNotAnAccessRequest()
    {
        var facts = new PullRequestFacts("alice", Head, [new ChangedFile("README.md", ChangeKind.Modified, Encoding.UTF8.GetBytes("hi"))], []);

        var decision = await DecideAsync(facts);

        Assert.Equal(DecisionStatus.NotAnAccessRequest, decision.Status);
    }

    [Fact]
    public async Task RequestMixedWithOtherChanges_IsRefused_EvenWhenApproved()
    {
        var facts = Facts(Approve("dana")) with
        {
            Files = [Added(Requests.AlicePath, Requests.AliceReadOnly), new ChangedFile("policies/orders-db.yaml", ChangeKind.Modified, Encoding.UTF8.GetBytes("roles: {}"))],
        };

        var decision = await DecideAsync(facts);

        Assert.Equal(DecisionStatus.Refused, decision.Status);
        Assert.Contains("policies/orders-db.yaml", Assert.Single(decision.Errors, f => f.Code == "pr.mixed-changes").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PolicyComesFromTheBaseBranch_NotFromThePullRequest()
    {
        // The pull request tries to raise its own role's limit; the base branch's 4h limit still applies.
        var widenedPolicy = ProjectFiles.Read("policies/orders-db.yaml").Replace("maxDuration: 4h", "maxDuration: 90d", StringComparison.Ordinal);
        var facts = Facts(Requests.AliceWith("duration", "30d"), Approve("dana")) with
        {
            Files = [Added(Requests.AlicePath, Requests.AliceWith("duration", "30d")), new ChangedFile("policies/orders-db.yaml", ChangeKind.Modified, Encoding.UTF8.GetBytes(widenedPolicy))],
        };

        var decision = await DecideAsync(facts);

        Assert.Contains(decision.Errors, f => f.Code == "request.duration-too-long");
    }

    [Fact]
    public async Task ACommitThatChangesMoreThanTheRequest_IsRefused_EvenWhenTheirSumIsTheRequestAlone()
    {
        var facts = Facts(Requests.AliceReadOnly, Approve("dana")) with
        {
            Commits =
            [
                new PullRequestCommit("1111111aaaa", ["policies/orders-db.yaml"]),
                new PullRequestCommit("2222222bbbb", ["policies/orders-db.yaml", Requests.AlicePath]),
                new PullRequestCommit("3333333cccc", [Requests.AlicePath]),
            ],
        };

        var decision = await DecideAsync(facts);

        Assert.Equal(DecisionStatus.Refused, decision.Status);
        Assert.Equal(
            ["commit 1111111 also changes 'policies/orders-db.yaml'; every commit of an access pull request changes only its request file: make it one commit",
             "commit 2222222 also changes 'policies/orders-db.yaml'; every commit of an access pull request changes only its request file: make it one commit"],
            decision.Errors.Where(f => f.Code == "pr.commit-changes-more").Select(f => f.Message));
    }

    [Fact]
    public async Task CommitsThatEachChangeOnlyTheRequest_AreFine()
    {
        var facts = Facts(Requests.AliceReadOnly, Approve("dana")) with
        {
            Commits = [new PullRequestCommit("1111111aaaa", [Requests.AlicePath]), new PullRequestCommit("2222222bbbb", [Requests.AlicePath])],
        };

        Assert.Equal(DecisionStatus.Approved, (await DecideAsync(facts)).Status);
    }

    [Theory]
    [InlineData("access-requests/orders-db/ali\u200Dce.yaml", "request.location")]
    [InlineData("access-requests/orders-db/alice\u202E.yaml", "request.location")]
    [InlineData("access-requests/orders-db/alice.yaml", "pr.request-unreadable")]
    public async Task ARequestThatCouldNotBeRead_IsRefused_SayingWhy(string path, string code)
    {
        var facts = Facts(Approve("dana")) with { Files = [new ChangedFile(path, ChangeKind.Added, Content: null)] };

        var decision = await DecideAsync(facts);

        Assert.Equal(DecisionStatus.Refused, decision.Status);
        Assert.Equal((code, path), (Assert.Single(decision.Errors).Code, decision.Errors.Single().Path));
    }

    [Fact]
    public async Task TwoAddedRequests_AreRefused()
    {
        var facts = Facts(Approve("dana")) with
        {
            Files = [Added(Requests.AlicePath, Requests.AliceReadOnly), Added("access-requests/orders-db/alice-3.yaml", Requests.AliceReadOnly)],
        };

        var decision = await DecideAsync(facts);

        Assert.Contains(decision.Errors, f => f.Code == "pr.several-requests");
    }

    [Theory]
    [InlineData(ChangeKind.Modified)]
    [InlineData(ChangeKind.Removed)]
    [InlineData(ChangeKind.Renamed)]
    public async Task ChangingAnExistingRequest_IsRefused(ChangeKind kind)
    {
        var facts = Facts(Approve("dana")) with
        {
            Files = [new ChangedFile("access-requests/orders-db/alice-stuck-orders.yaml", kind, kind == ChangeKind.Removed ? null : Encoding.UTF8.GetBytes(Requests.AliceReadOnly))],
        };

        var decision = await DecideAsync(facts);

        Assert.Equal(DecisionStatus.Refused, decision.Status);
        Assert.Contains(decision.Errors, f => f.Code == "pr.request-changed");
    }

    [Fact]
    public async Task RenamingAFileIntoRequests_IsAChangeNotAnAddition()
    {
        var facts = Facts() with
        {
            Files = [new ChangedFile(Requests.AlicePath, ChangeKind.Renamed, Encoding.UTF8.GetBytes(Requests.AliceReadOnly), PreviousPath: "notes/alice.yaml")],
        };

        var decision = await DecideAsync(facts);

        Assert.Contains(decision.Errors, f => f.Code == "pr.request-changed");
    }

    [Fact]
    public async Task SymbolicLinkAsRequest_IsRefused()
    {
        var facts = Facts() with { Files = [new ChangedFile(Requests.AlicePath, ChangeKind.Added, Encoding.UTF8.GetBytes("../../policies/orders-db.yaml"), IsSymbolicLink: true)] };

        var decision = await DecideAsync(facts);

        Assert.Equal("pr.symlink", Assert.Single(decision.Errors).Code);
    }

    [Fact]
    public async Task InvalidRequest_IsRefused_WithEveryProblem()
    {
        var text = Requests.AliceWith("duration", "9h").Replace("tables: [public.orders]", "tables: [public.customers_pii]", StringComparison.Ordinal);

        var decision = await DecideAsync(Facts(text, Approve("dana")) with { Author = "mallory" });

        Assert.Equal(DecisionStatus.Refused, decision.Status);
        Assert.Equal(["pr.requester-not-author", "request.duration-too-long", "request.guardrails-widen"], decision.Errors.Select(f => f.Code).Order());
        Assert.False(decision.Grants);
    }

    [Fact]
    public async Task UnknownTeamMembership_NeverCountsAnApproval()
    {
        var decision = await DecideAsync(Facts(Approve("olga")), TeamDirectory.Unknown);

        Assert.Equal(DecisionStatus.AwaitingApproval, decision.Status);
        Assert.Contains("cannot be checked", Assert.Single(decision.Plan!.Approvals.Ignored).Reason, StringComparison.Ordinal);
    }

    private static async Task<PullRequestDecision> DecideAsync(PullRequestFacts facts, TeamDirectory? teams = null)
    {
        var baseBranch = await AccessRepository.OpenAsync(TestAccess.ExampleRepository(), CancellationToken.None);
        return await PullRequestDecider.DecideAsync(baseBranch, facts, teams ?? Teams, TestAccess.Now, CancellationToken.None);
    }

    private static PullRequestFacts Facts(params Review[] reviews) => Facts(Requests.AliceReadOnly, reviews);

    private static PullRequestFacts Facts(string request, params Review[] reviews) =>
        new("alice", Head, [Added(Requests.AlicePath, request)], reviews);

    private static ChangedFile Added(string path, string text) => new(path, ChangeKind.Added, Encoding.UTF8.GetBytes(text));

    private static Review Approve(string reviewer, int at = 1, string commit = Head) =>
        new(at, reviewer, ReviewState.Approved, commit, Monday.AddMinutes(at));
}
