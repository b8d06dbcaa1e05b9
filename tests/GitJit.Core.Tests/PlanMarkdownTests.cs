using System.Text;
using GitJit.Core.Decisions;
using GitJit.Core.Model;
using GitJit.Core.Rendering;
using GitJit.Core.Repository;
using GitJit.Testing;

namespace GitJit.Core.Tests;

public sealed class PlanMarkdownTests
{
    [Fact]
    public async Task Plan_SaysWhoGetsWhatWhereForHowLongAndWhoMustApprove()
    {
        var markdown = PlanMarkdown.Render(await DecideAsync(Requests.AliceReadOnly));

        Assert.StartsWith(PlanMarkdown.Marker, markdown, StringComparison.Ordinal);
        Assert.Contains("waiting for approval", markdown, StringComparison.Ordinal);
        Assert.Contains("**`@alice`** gets the **read-only** role on **orders-db** for **2h**", markdown, StringComparison.Ordinal);
        Assert.Contains("- only tables: `public.orders`", markdown, StringComparison.Ordinal);
        Assert.Contains("- denied tables: `public.customers_pii`", markdown, StringComparison.Ordinal);
        Assert.Contains("- statement timeout: 30s", markdown, StringComparison.Ordinal);
        Assert.Contains("**Approvals: 0 of 1** from code owners of the request (`@acme/orders-dba`, `@dana`)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostileReason_CannotMentionInjectHtmlOrBreakTheTable()
    {
        var reason = "Ping @acme/everyone <img src=x onerror=alert(1)> | [click](https://evil.example) `code`";

        var markdown = PlanMarkdown.Render(await DecideAsync(Requests.AliceWith("reason", $"\"{reason}\"")));

        var row = markdown.Split('\n').Single(l => l.StartsWith("| Reason |", StringComparison.Ordinal));
        Assert.DoesNotContain("@acme", row, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", row, StringComparison.Ordinal);
        Assert.DoesNotContain("](", row.Replace("\\]", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(3, row.Replace("\\|", "", StringComparison.Ordinal).Count(c => c == '|'));
    }

    [Fact]
    public async Task RefusedPlan_ListsEveryProblemWithItsLine()
    {
        var markdown = PlanMarkdown.Render(await DecideAsync(Requests.AliceWith("duration", "9h")));

        Assert.Contains("refused", markdown, StringComparison.Ordinal);
        Assert.Contains($"`{Requests.AlicePath}:4` duration 9h is longer than the read\\-only role allows (4h)".Replace("\\-", "-", StringComparison.Ordinal), markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Guardrails_SayWhatEnforcesEach_AndThatSessionsGoThroughTheGateway()
    {
        var markdown = PlanMarkdown.Render(await DecideAsync(Requests.AliceReadOnly));

        Assert.Contains(
            """
            **Guardrails**

            - sessions: only through the guarded gateway, which judges every statement against these guardrails
            - privileges: select — enforced by PostgreSQL privileges
            - schemas: `public` — enforced by PostgreSQL privileges, and by the gateway per statement
            - only tables: `public.orders` — enforced by PostgreSQL privileges, and by the gateway per statement
            - denied tables: `public.customers_pii` — enforced by PostgreSQL privileges, and by the gateway per statement
            - read-only transactions — enforced by the role setting default_transaction_read_only, held by the gateway
            - statement timeout: 30s — enforced by the role setting statement_timeout, held by the gateway
            - at most 2 connection(s) — enforced by the role's connection limit
            - blocked statements: DROP, TRUNCATE, ALTER, GRANT, REVOKE, COPY — enforced by the gateway

            """.ReplaceLineEndings("\n"),
            markdown.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void GuardrailsWithoutTheGateway_SayNoStatementIsJudged_AndThatSessionsCanChangeTheRoleSettings()
    {
        var lines = PlanMarkdown.GuardrailLines(new Guardrails { Privileges = ["select"], ReadOnly = true, StatementTimeout = TimeSpan.FromSeconds(30), Gateway = false }).ToList();

        Assert.Equal(
            [
                "sessions: straight to PostgreSQL, without the gateway: no statement is judged",
                "privileges: select — enforced by PostgreSQL privileges",
                "read-only transactions — enforced by the role setting default_transaction_read_only, only as a default: without the gateway a session can change it",
                "statement timeout: 30s — enforced by the role setting statement_timeout, only as a default: without the gateway a session can change it",
            ],
            lines);
    }

    [Fact]
    public void StatementGuardrailsWithoutTheGateway_AreShownAsNotEnforced()
    {
        var lines = PlanMarkdown.GuardrailLines(new Guardrails { Privileges = ["update"], RequireWhere = true, Gateway = false }).ToList();

        Assert.Equal("UPDATE and DELETE need a WHERE clause — NOT enforced: sessions do not go through the gateway, and nothing else can", lines[^1]);
    }

    [Fact]
    public async Task Extension_IsShownAsTheRoleAllowsIt()
    {
        var orders = ProjectFiles.Read("policies/orders-db.yaml");
        var extendable = TestAccess.ExampleRepository()
            .With("policies/orders-db.yaml", orders.Replace("    approvals: 1\n", "    approvals: 1\n    extendWithoutApproval: true\n", StringComparison.Ordinal));

        var inPlace = PlanMarkdown.Render(await DecideAsync(Requests.AliceReadOnly, extendable)).Split('\n').Single(l => l.StartsWith("| Extension |", StringComparison.Ordinal));
        var none = PlanMarkdown.Render(await DecideAsync(Requests.AliceReadOnly)).Split('\n').Single(l => l.StartsWith("| Extension |", StringComparison.Ordinal));

        Assert.Equal("| Extension | by the requester, without new approvals: comment `/gitjit extend 30m` on this pull request while the grant is active; at most 4h in all |", inPlace);
        Assert.Equal("| Extension | approved again: the requester's `/gitjit extend 30m` on this pull request, while the grant is active, opens an extension request; at most 4h in all |", none);
    }

    private static async Task<PullRequestDecision> DecideAsync(string request, InMemorySnapshot? repository = null)
    {
        var baseBranch = await AccessRepository.OpenAsync(repository ?? TestAccess.ExampleRepository(), CancellationToken.None);
        var facts = new PullRequestFacts("alice", "abc", [new ChangedFile(Requests.AlicePath, ChangeKind.Added, Encoding.UTF8.GetBytes(request))], []);
        var teams = TeamDirectory.From([new("acme/engineering", ["alice"])], isComplete: true);
        return await PullRequestDecider.DecideAsync(baseBranch, facts, teams, TestAccess.Now, CancellationToken.None);
    }
}
