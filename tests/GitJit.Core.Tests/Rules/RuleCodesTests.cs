using System.Text;
using GitJit.Core.Decisions;
using GitJit.Core.Decisions.Rules;
using GitJit.Core.Model;
using GitJit.Core.Repository;
using GitJit.Core.Schemas;
using GitJit.Testing;

namespace GitJit.Core.Tests.Rules;

/// <summary>
/// Each rule run on its own over the cases the decision tests cover: every finding it reports carries a code it
/// declares, and every code (or family) it declares is reported in some case, so no declaration is fiction.
/// </summary>
public sealed class RuleCodesTests
{
    private const string Head = "1111111111111111111111111111111111111111";

    private static readonly TeamDirectory Teams = TeamDirectory.From(
        [new("acme/engineering", ["alice", "bob"]), new("acme/support-leads", []), new("acme/orders-dba", ["olga"])], isComplete: true);

    private static readonly string Write = Requests.AliceReadOnly.Replace("role: read-only", "role: write", StringComparison.Ordinal).Replace("duration: 2h", "duration: 30m", StringComparison.Ordinal);

    private static readonly (string Text, string Path, Func<InMemorySnapshot, InMemorySnapshot> Repository, TeamDirectory Teams)[] RequestCases =
    [
        (Requests.AliceReadOnly, Requests.AlicePath, Same, Teams),
        (Requests.AliceReadOnly, Requests.AlicePath, Same, TeamDirectory.Unknown),
        (Requests.AliceReadOnly, "access-requests/alice.yaml", Same, Teams),
        ("requester: [", Requests.AlicePath, Same, Teams),
        (Requests.AliceWith("duration", "9h").Replace("Investigate stuck orders after deploy 4711", "short", StringComparison.Ordinal), Requests.AlicePath, Same, Teams),
        (Requests.AliceWith("duration", "0m"), Requests.AlicePath, Same, Teams),
        (Requests.AliceWith("duration", "[1, 2]"), Requests.AlicePath, LooseSchema, Teams),
        (Requests.AliceWith("requester", "\"al ice\""), Requests.AlicePath, LooseSchema, Teams),
        (Requests.AliceReadOnly.Replace("reason: Investigate stuck orders after deploy 4711\n", "", StringComparison.Ordinal), Requests.AlicePath, LooseSchema, Teams),
        (Requests.AliceWith("resource", "billing-db"), Requests.AlicePath, Same, Teams),
        (Requests.AliceReadOnly, Requests.AlicePath, r => r.With("policies/orders-db.yaml", "resource: orders-db\nprovider: postgres\n"), Teams),
        (Requests.AliceWith("role", "admin"), Requests.AlicePath, Same, Teams),
        (Requests.AliceWith("duration", "5h"), Requests.AlicePath, Same, Teams),
        (Write, Requests.AlicePath, Same, Teams),
        (Write + "\nticket: JIRA-1", Requests.AlicePath, Same, Teams),
        (Requests.AliceReadOnly + "\nemergency: true", Requests.AlicePath, Same, Teams),
        (Write.Replace("duration: 30m", "duration: 45m", StringComparison.Ordinal) + "\nticket: INC-1\nemergency: true", Requests.AlicePath, Same, Teams),
        (Write.Replace("guardrails:\n  tables: [public.orders]", "ticket: " + new string('a', 60) + "b", StringComparison.Ordinal), Requests.AlicePath, SlowTicketPattern, Teams),
        (Requests.AliceWith("requester", "mallory"), Requests.AlicePath, Same, Teams),
        (Requests.AliceReadOnly.Replace("tables: [public.orders]", "tables: [public.customers_pii]", StringComparison.Ordinal), Requests.AlicePath, Same, Teams),
        (Requests.AliceReadOnly, Requests.AlicePath, r => r.With(".github/CODEOWNERS", "/policies/ @acme/security\n"), Teams),
        (Requests.AliceReadOnly + "\n  requireWhere: true\n  gateway: false", Requests.AlicePath, NoStatementGuardrails, Teams),
        (Requests.AliceWith("start", "2026-12-05T09:00:00"), Requests.AlicePath, LooseSchema, Teams),
        (Requests.AliceWith("start", "2027-12-05T09:00:00Z"), Requests.AlicePath, Same, Teams),
        (Requests.AliceWith("extends", "3"), Requests.AlicePath, Same, Teams),
        (Requests.AliceWith("start", "2026-12-05T09:00:00Z") + "\nextends: 3", Requests.AlicePath, Same, Teams),
    ];

    private static readonly PullRequestFacts Valid = new("alice", Head, [Added(Requests.AlicePath, Requests.AliceReadOnly)], []);

    private static readonly PullRequestFacts[] PullRequestCases =
    [
        Valid,
        Valid with { Author = "mallory" },
        Valid with { Files = [new ChangedFile("access-requests/orders-db/alice-stuck-orders.yaml", ChangeKind.Modified, Encoding.UTF8.GetBytes(Requests.AliceReadOnly))] },
        Valid with { Files = [Added(Requests.AlicePath, Requests.AliceReadOnly), Added("access-requests/orders-db/alice-3.yaml", Requests.AliceReadOnly)] },
        Valid with { Files = [Added(Requests.AlicePath, Requests.AliceReadOnly), new ChangedFile("policies/orders-db.yaml", ChangeKind.Modified, Encoding.UTF8.GetBytes("roles: {}"))] },
        Valid with { Commits = [new PullRequestCommit("1111111aaaa", ["policies/orders-db.yaml"]), new PullRequestCommit("2222222bbbb", [Requests.AlicePath])] },
        Valid with { Files = [new ChangedFile(Requests.AlicePath, ChangeKind.Added, Encoding.UTF8.GetBytes("../../policies/orders-db.yaml"), IsSymbolicLink: true)] },
        Valid with { Files = [new ChangedFile("access-requests/orders-db/ali\u200Dce.yaml", ChangeKind.Added, Content: null)] },
        Valid with { Files = [new ChangedFile(Requests.AlicePath, ChangeKind.Added, Content: null)] },
    ];

    [Fact]
    public async Task EveryRequestRule_ReportsOnlyCodesItDeclares_AndEachOfThem()
    {
        var reported = new List<(IRule Rule, string Code)>();
        foreach (var (text, path, repository, teams) in RequestCases)
        {
            var access = await AccessRepository.OpenAsync(repository(TestAccess.ExampleRepository()), CancellationToken.None);
            var context = await RequestContext.ReadAsync(access, path, Encoding.UTF8.GetBytes(text), teams, TestAccess.Now, CancellationToken.None);
            reported.AddRange(RuleSet.Request.SelectMany(rule => rule.Check(context).Select(f => ((IRule)rule, f.Code))));
        }

        AssertDeclaredAndCovered(RuleSet.Request, reported);
    }

    [Fact]
    public async Task EveryPullRequestRule_ReportsOnlyCodesItDeclares_AndEachOfThem()
    {
        var baseBranch = await AccessRepository.OpenAsync(TestAccess.ExampleRepository(), CancellationToken.None);
        var reported = new List<(IRule Rule, string Code)>();
        foreach (var facts in PullRequestCases)
        {
            var context = await PullRequestContext.ReadAsync(baseBranch, facts, Teams, TestAccess.Now, CancellationToken.None);
            reported.AddRange(RuleSet.PullRequest.SelectMany(rule => rule.Check(context).Select(f => ((IRule)rule, f.Code))));
        }

        AssertDeclaredAndCovered(RuleSet.PullRequest, reported);
    }

    [Fact]
    public async Task TheEvaluation_IsEveryRequestRulesFindings_InTheRuleSetsOrder()
    {
        var text = Requests.AliceWith("duration", "9h").Replace("tables: [public.orders]", "tables: [public.customers_pii]", StringComparison.Ordinal);
        var access = await AccessRepository.OpenAsync(TestAccess.ExampleRepository(), CancellationToken.None);
        var context = await RequestContext.ReadAsync(access, "access-requests/billing-db/x.yaml", Encoding.UTF8.GetBytes(text), TeamDirectory.Unknown, TestAccess.Now, CancellationToken.None);

        var evaluation = await RequestRules.EvaluateAsync(access, "access-requests/billing-db/x.yaml", Encoding.UTF8.GetBytes(text), TeamDirectory.Unknown, TestAccess.Now, CancellationToken.None);

        Assert.Equal(RuleSet.Request.SelectMany(rule => rule.Check(context)), evaluation.Findings);
        Assert.Equal(["request.folder-mismatch", "request.duration-too-long", "request.eligibility-unchecked", "request.guardrails-widen"], evaluation.Codes());
    }

    private static void AssertDeclaredAndCovered(IEnumerable<IRule> rules, List<(IRule Rule, string Code)> reported)
    {
        foreach (var (rule, code) in reported)
        {
            Assert.True(rule.Declares(code), $"{rule.GetType().Name} reports {code}, which it does not declare");
        }
        foreach (var rule in rules)
        {
            foreach (var declared in rule.Codes)
            {
                var family = declared.EndsWith(".*", StringComparison.Ordinal) ? declared[..^1] : null;
                Assert.True(reported.Any(r => r.Rule == rule && (family is null ? r.Code == declared : r.Code.StartsWith(family, StringComparison.Ordinal))),
                    $"no case makes {rule.GetType().Name} report {declared}");
            }
        }
    }

    private static InMemorySnapshot Same(InMemorySnapshot repository) => repository;

    private static InMemorySnapshot LooseSchema(InMemorySnapshot repository) => repository.With(AccessSchema.RequestPath, "{}");

    private static InMemorySnapshot SlowTicketPattern(InMemorySnapshot repository) => repository.With("policies/orders-db.yaml",
        ProjectFiles.Read("policies/orders-db.yaml").Replace("ticketPattern: \"^INC-[0-9]+$\"", "ticketPattern: \"(?=a)(a|aa)+\"", StringComparison.Ordinal));

    private static InMemorySnapshot NoStatementGuardrails(InMemorySnapshot repository) => repository.With("policies/orders-db.yaml",
        ProjectFiles.Read("policies/orders-db.yaml").Replace("      blockedStatements: [drop, truncate, alter, grant, revoke, copy]\n", "", StringComparison.Ordinal));

    private static ChangedFile Added(string path, string text) => new(path, ChangeKind.Added, Encoding.UTF8.GetBytes(text));
}
