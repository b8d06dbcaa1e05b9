using GitJit.Core.Audit;
using GitJit.Core.Rendering;
using GitJit.Testing;
using GitJit.Sandbox.GitHub;
using Npgsql;

namespace GitJit.Server.Tests;

/// <summary>
/// Every way someone with write access (or a requester) tries to get access the rules of main do not give, end to end:
/// the server in-process, the fake GitHub over HTTP, a real PostgreSQL target and a bare git remote. For each attempt:
/// the check is not green and says why, merging it anyway (as an admin can) leaves a <c>refused</c> record on main,
/// and no role exists for it in the target. Rows run one after the other in one shared world.
/// </summary>
[Collection(PostgresRoles.Name)]
public sealed class PolicyBypassTests(PolicyBypassWorld world) : IClassFixture<PolicyBypassWorld>
{
    private const string NeedsApproval = "1 more approval(s) needed";
    private const string MergedUnapproved = "pr.merged-without-approval: merged with 0 of the 1";

    private static readonly Dictionary<string, Func<BypassArena, Task<BypassOutcome>>> Attempts = new(StringComparer.Ordinal)
    {
        ["self-approval by the requester, a code owner"] = async a =>
        {
            var pr = await a.OpenAsync(BypassArena.PathFor("self-approval"), Requests.AliceReadOnly);
            await a.ReviewAsync(pr, "alice");
            await a.MergeAsync(pr);
            return BypassOutcome.Refused(pr, "is the requester; nobody approves their own access", MergedUnapproved);
        },
        ["approval by someone who is not a code owner"] = async a =>
        {
            var pr = await a.OpenAsync(BypassArena.PathFor("non-owner"), Requests.AliceReadOnly);
            await a.ReviewAsync(pr, "bob");
            await a.MergeAsync(pr);
            return BypassOutcome.Refused(pr, "is not a code owner of the request file", MergedUnapproved);
        },
        ["approval, then a new push"] = async a =>
        {
            var path = BypassArena.PathFor("push-after-approval");
            var pr = await a.OpenAsync(path, Requests.AliceReadOnly);
            await a.ReviewAsync(pr, "olga");
            await a.PushAsync(pr, a.Tree().With(path, Requests.AliceWith("duration", "4h")));
            await a.MergeAsync(pr);
            return BypassOutcome.Refused(pr, "approved an earlier commit", MergedUnapproved);
        },
        ["approval given on an older commit"] = async a =>
        {
            var path = BypassArena.PathFor("older-commit");
            var pr = await a.OpenAsync(path, Requests.AliceReadOnly);
            var first = pr.HeadSha;
            await a.PushAsync(pr, a.Tree().With(path, Requests.AliceWith("duration", "4h")));
            await a.ReviewAsync(pr, "olga", commitId: first);
            await a.MergeAsync(pr);
            return BypassOutcome.Refused(pr, "approved an earlier commit", MergedUnapproved);
        },
        ["dismissed approval"] = async a =>
        {
            var pr = await a.OpenAsync(BypassArena.PathFor("dismissed"), Requests.AliceReadOnly);
            var review = await a.ReviewAsync(pr, "olga");
            await a.DismissAsync(pr, review);
            await a.MergeAsync(pr);
            return BypassOutcome.Refused(pr, NeedsApproval, MergedUnapproved);
        },
        ["approver left the owning team before the merge"] = async a =>
        {
            var pr = await a.OpenAsync(BypassArena.PathFor("approver-left-team"), Requests.AliceReadOnly);
            await a.ReviewAsync(pr, "olga");
            var team = a.Real.World.GitHub.Team("acme", "orders-dba").Remove("olga");
            try
            {
                await a.MergeAsync(pr);
            }
            finally
            {
                team.Add("olga");
            }
            return new(pr, BypassExpectation.RefusedOnlyAtMerge, "", MergedUnapproved);
        },
        ["approval withdrawn by a later change request"] = async a =>
        {
            var pr = await a.OpenAsync(BypassArena.PathFor("changes-requested"), Requests.AliceReadOnly);
            await a.ReviewAsync(pr, "olga");
            await a.ReviewAsync(pr, "olga", "CHANGES_REQUESTED");
            await a.MergeAsync(pr);
            return BypassOutcome.Refused(pr, "does not count: requested changes", MergedUnapproved);
        },
        ["admin merge without any approval"] = async a =>
        {
            var pr = await a.OpenAsync(BypassArena.PathFor("no-approval"), Requests.AliceReadOnly);
            await a.MergeAsync(pr);
            return BypassOutcome.Refused(pr, NeedsApproval, MergedUnapproved);
        },
        ["write role merged with one of two approvals"] = async a =>
        {
            var request = Requests.AliceWith("role", "write").Replace("duration: 2h", "duration: 1h", StringComparison.Ordinal) + "\nticket: INC-4711";
            var pr = await a.OpenAsync(BypassArena.PathFor("write-one-approval"), request);
            await a.ReviewAsync(pr, "olga");
            await a.MergeAsync(pr);
            return BypassOutcome.Refused(pr, NeedsApproval, "pr.merged-without-approval: merged with 1 of the 2");
        },
        ["request plus a widened policy"] = async a =>
        {
            var pr = await a.OpenAsync(Attacks.WidenReadOnly(a.Tree()).With(BypassArena.PathFor("with-policy"), Requests.AliceWith("duration", "720h")));
            await a.ReviewAsync(pr, "olga");
            await a.MergeAsync(pr);
            return BypassOutcome.Refused(pr, "it also changes", "pr.merge-changes-more");
        },
        ["request plus CODEOWNERS naming a friend"] = async a =>
        {
            var pr = await a.OpenAsync(Attacks.FriendOwnsRequests(a.Tree(), "bob").With(BypassArena.PathFor("with-codeowners"), Requests.AliceReadOnly));
            await a.ReviewAsync(pr, "bob");
            await a.MergeAsync(pr);
            return BypassOutcome.Refused(pr, "it also changes", "pr.merge-changes-more");
        },
        ["request plus a loosened request schema"] = async a =>
        {
            var pr = await a.OpenAsync(a.Tree().With("schemas/access-request.schema.json", "{}\n").With(BypassArena.PathFor("with-schema"), Requests.AliceWith("duration", "720h")));
            await a.ReviewAsync(pr, "olga");
            await a.MergeAsync(pr);
            return BypassOutcome.Refused(pr, "it also changes 'schemas/access-request.schema.json'", "pr.merge-changes-more");
        },
        ["rebase merge undoing a tightening merged meanwhile"] = async a =>
        {
            // The pull request copies a pending tightening (read-only at most 1h), reverts it, then adds a 2h request;
            // the tightening is merged into main, and the pull request rebased onto it: the revert undoes it on main.
            var repository = a.Repository;
            var original = a.Tree();
            var policy = System.Text.Encoding.UTF8.GetString(original.Entries["policies/orders-db.yaml"].Content.Span);
            var tightened = original.Clone().With("policies/orders-db.yaml", policy.Replace("maxDuration: 4h", "maxDuration: 1h", StringComparison.Ordinal));
            var copy = repository.CommitWithParents(tightened, a.BaseSha);
            var revert = repository.CommitWithParents(original, copy);
            var head = repository.CommitWithParents(original.Clone().With(BypassArena.PathFor("undo-tightening"), Requests.AliceReadOnly), revert);
            var pr = repository.OpenPullRequest("alice", a.BaseSha, head);
            await a.DeliverAsync("pull_request", "opened", pr);
            await a.ReviewAsync(pr, "olga");
            repository.SetBranch("main", repository.CommitWithParents(tightened, a.BaseSha));
            await a.MergeAsync(pr, FakeMergeMethod.Rebase);
            return BypassOutcome.Refused(pr, "every commit of an access pull request changes only its request file", "pr.commit-changes-more");
        },
        ["rebase merge whose first commit widens the role"] = async a =>
        {
            var pr = Attacks.WidenThenRestore(a.Real.World, Attacks.RoleGuardrailsRequest);
            await a.DeliverAsync("pull_request", "opened", pr);
            await a.ReviewAsync(pr, "olga");
            await a.MergeAsync(pr, FakeMergeMethod.Rebase);
            return BypassOutcome.Refused(pr, "every commit of an access pull request changes only its request file", "pr.commit-changes-more");
        },
        ["hand-made merge commit that also widens the role"] = async a =>
        {
            var pr = await a.OpenAsync(BypassArena.PathFor("hand-made-merge"), Requests.AliceReadOnly);
            await a.ReviewAsync(pr, "olga");
            pr.Merge(a.Repository.CommitWithParents(Attacks.WidenReadOnly(a.Repository.TreeAt(pr.HeadSha)), a.BaseSha));
            await a.DeliverAsync("pull_request", "closed", pr);
            return new(pr, BypassExpectation.RefusedOnlyAtMerge, "", "pr.merge-changes-more");
        },
        ["requester is not the pull request's author"] = async a =>
        {
            var pr = await a.OpenAsync(BypassArena.PathFor("for-alice-by-bob"), Requests.AliceReadOnly, author: "bob");
            await a.ReviewAsync(pr, "olga");
            await a.MergeAsync(pr);
            return BypassOutcome.Refused(pr, "people request access for themselves", "pr.requester-not-author");
        },
        ["pull request by a bot account, for alice"] = async a =>
        {
            var pr = await a.OpenAsync(BypassArena.PathFor("by-a-bot"), Requests.AliceReadOnly, author: "deploy-helper[bot]");
            await a.ReviewAsync(pr, "olga");
            await a.MergeAsync(pr);
            return BypassOutcome.Refused(pr, "people request access for themselves", "pr.requester-not-author");
        },
        ["pull request from an outsider's fork"] = async a =>
        {
            var fork = a.Real.World.GitHub.AddFork(a.Repository, "mallory");
            var pr = await a.OpenAsync(a.Tree().With(BypassArena.PathFor("from-a-fork"), Requests.AliceWith("requester", "mallory")), "mallory", from: fork);
            await a.ReviewAsync(pr, "olga");
            await a.MergeAsync(pr);
            return BypassOutcome.Refused(pr, "mallory may not request orders-db", "request.requester-not-eligible");
        },
        ["two requests in one pull request"] = async a =>
        {
            var pr = await a.OpenAsync(a.Tree().With(BypassArena.PathFor("two-a"), Requests.AliceReadOnly).With(BypassArena.PathFor("two-b"), Requests.AliceWith("duration", "4h")));
            await a.ReviewAsync(pr, "olga");
            await a.MergeAsync(pr);
            return BypassOutcome.Refused(pr, "adds exactly one request file", "pr.several-requests");
        },
        ["editing a request that was granted"] = async a =>
        {
            var path = BypassArena.PathFor("granted-then-edited");
            var granted = await a.GrantAsync(path);
            var pr = await a.OpenAsync(a.Tree(granted.MergeCommitSha).With(path, Requests.AliceWith("duration", "4h")), parent: granted.MergeCommitSha);
            await a.ReviewAsync(pr, "olga");
            await a.MergeAsync(pr);
            return BypassOutcome.Refused(pr, "modifies an existing request", "pr.request-changed");
        },
        ["renaming an existing request"] = async a =>
        {
            const string existing = "access-requests/orders-db/alice-stuck-orders.yaml";
            var tree = a.Tree();
            var pr = await a.OpenAsync(tree.Clone().Without(existing).With(BypassArena.PathFor("renamed"), tree.Entries[existing].Content.ToArray()));
            await a.ReviewAsync(pr, "olga");
            await a.MergeAsync(pr);
            return BypassOutcome.Refused(pr, "renames an existing request", "pr.request-changed");
        },
        ["deleting an existing request"] = async a =>
        {
            var pr = await a.OpenAsync(a.Tree().Without("access-requests/orders-db/carol-fix-order-4711.yaml"));
            await a.ReviewAsync(pr, "olga");
            await a.MergeAsync(pr);
            return BypassOutcome.Refused(pr, "removes an existing request", "pr.request-changed");
        },
        ["request file is a symbolic link to another request"] = async a =>
        {
            var pr = await a.OpenAsync(a.Tree().WithSymbolicLink(BypassArena.PathFor("symlink"), "alice-stuck-orders.yaml"));
            await a.ReviewAsync(pr, "olga");
            await a.MergeAsync(pr);
            return BypassOutcome.Refused(pr, "not a symbolic link", "pr.symlink");
        },
        ["Access-Requests/ in another case"] = async a =>
        {
            var pr = await a.OpenAsync("Access-Requests/orders-db/upper-folder.yaml", Requests.AliceReadOnly);
            await a.ReviewAsync(pr, "olga");
            await a.MergeAsync(pr);
            return new(pr, BypassExpectation.NotAnAccessRequest, "", "");
        },
        ["access-requests/ spelt with a Cyrillic а"] = async a =>
        {
            var pr = await a.OpenAsync("\u0430ccess-requests/orders-db/look-alike-root.yaml", Requests.AliceReadOnly);
            await a.ReviewAsync(pr, "olga");
            await a.MergeAsync(pr);
            return new(pr, BypassExpectation.NotAnAccessRequest, "", "");
        },
        ["resource folder in another case"] = a => RefusedAsync(a, "access-requests/Orders-DB/folder-case.yaml", Requests.AliceReadOnly,
            "but the file sits in access-requests/Orders-DB/", "request.folder-mismatch"),
        ["resource folder with a trailing space"] = a => RefusedAsync(a, "access-requests/orders-db /trailing-space.yaml", Requests.AliceReadOnly,
            "but the file sits in access-requests/orders-db /", "request.folder-mismatch"),
        ["file name with a trailing dot"] = a => RefusedAsync(a, "access-requests/orders-db/trailing-dot.yaml.", Requests.AliceReadOnly,
            "a request file name uses letters, digits", "request.location"),
        ["file name in upper case .YAML"] = a => RefusedAsync(a, "access-requests/orders-db/upper.YAML", Requests.AliceReadOnly,
            "a request file name uses letters, digits", "request.location"),
        ["request a folder too deep"] = a => RefusedAsync(a, "access-requests/orders-db/nested/deep.yaml", Requests.AliceReadOnly,
            "a request file must sit at access-requests/<resource>/<name>.yaml", "request.location"),
        ["request outside any resource folder"] = a => RefusedAsync(a, "access-requests/top-level.yaml", Requests.AliceReadOnly,
            "a request file must sit at access-requests/<resource>/<name>.yaml", "request.location"),
        ["zero-width joiner in the file name"] = a => RefusedAsync(a, "access-requests/orders-db/ali\u200Dce.yaml", Requests.AliceReadOnly,
            "a request file must sit at access-requests/<resource>/<name>.yaml", "request.location"),
        ["Cyrillic о in the resource folder"] = a => RefusedAsync(a, "access-requests/\u043Erders-db/cyrillic-folder.yaml", Requests.AliceReadOnly,
            "but the file sits in access-requests/\u043Erders-db/", "request.folder-mismatch"),
        ["Cyrillic а in the requester"] = a => RefusedAsync(a, BypassArena.PathFor("cyrillic-requester"), Requests.AliceWith("requester", "\u0430lice"),
            "requester is not valid", "schema.pattern: requester is not valid"),
        ["Cyrillic о in the resource"] = a => RefusedAsync(a, BypassArena.PathFor("cyrillic-resource"), Requests.AliceWith("resource", "\u043Erders-db"),
            "resource is not valid", "schema.pattern: resource is not valid"),
        ["fullwidth letter in the requester"] = a => RefusedAsync(a, BypassArena.PathFor("fullwidth-requester"), Requests.AliceWith("requester", "\uFF41lice"),
            "requester is not valid", "schema.pattern: requester is not valid"),
        ["zero-width joiner in the requester"] = a => RefusedAsync(a, BypassArena.PathFor("zwj-requester"), Requests.AliceWith("requester", "ali\u200Dce"),
            "requester is not valid", "schema.pattern: requester is not valid"),
        ["pull request into a branch with its own rules"] = async a =>
        {
            var pr = Attacks.IntoBranchWithItsOwnRules(a.Real.World, "widen", "bob", Requests.AliceWith("duration", "720h"));
            await a.DeliverAsync("pull_request", "opened", pr);
            await a.ReviewAsync(pr, "bob");
            await a.MergeAsync(pr, FakeMergeMethod.Merge);
            return BypassOutcome.Refused(pr, "this pull request targets 'widen', but only requests merged into", "pr.base-not-granting: merged into 'widen'");
        },
        ["pull request into 'mаin' (Cyrillic а)"] = async a =>
        {
            var pr = Attacks.IntoBranchWithItsOwnRules(a.Real.World, "m\u0430in", "bob", Requests.AliceReadOnly);
            await a.DeliverAsync("pull_request", "opened", pr);
            await a.ReviewAsync(pr, "bob");
            await a.MergeAsync(pr, FakeMergeMethod.Merge);
            return BypassOutcome.Refused(pr, "but only requests merged into 'main' (the repository's default branch) are granted", "pr.base-not-granting");
        },
        ["approved request into an unprotected main"] = async a =>
        {
            a.Repository.Unprotect("main");
            try
            {
                var pr = await a.OpenAsync(BypassArena.PathFor("unprotected"), Requests.AliceReadOnly);
                await a.ReviewAsync(pr, "olga");
                await a.MergeAsync(pr);
                return BypassOutcome.Refused(pr, "is not protected on GitHub", "pr.branch-unprotected");
            }
            finally
            {
                a.Repository.Protect("main");
            }
        },
        ["refused pull request reopened, approved, merged"] = async a =>
        {
            var pr = await a.OpenAsync(BypassArena.PathFor("reopened"), Requests.AliceWith("duration", "9h"));
            pr.Close();
            await a.DeliverAsync("pull_request", "closed", pr);
            pr.Reopen();
            await a.DeliverAsync("pull_request", "reopened", pr, recorded: "opened");
            await a.ReviewAsync(pr, "olga");
            await a.MergeAsync(pr);
            return BypassOutcome.Refused(pr, "is longer than the read-only role allows", "request.duration-too-long");
        },
        ["refused merge redelivered, same and new id"] = async a =>
        {
            var pr = await a.OpenAsync(BypassArena.PathFor("replayed-refusal"), Requests.AliceReadOnly);
            var delivery = Guid.NewGuid().ToString();
            await a.MergeAsync(pr, delivery: delivery);
            await a.DeliverAsync("pull_request", "closed", pr, delivery: delivery);
            await a.DeliverAsync("pull_request", "closed", pr);
            return BypassOutcome.Refused(pr, NeedsApproval, MergedUnapproved);
        },
        ["granted merge redelivered, same and new id"] = async a =>
        {
            var delivery = Guid.NewGuid().ToString();
            var pr = await a.GrantAsync(BypassArena.PathFor("replayed-grant"), delivery: delivery);
            await a.DeliverAsync("pull_request", "closed", pr, delivery: delivery);
            await a.DeliverAsync("pull_request", "closed", pr);
            return new(pr, BypassExpectation.GrantedOnce, "", "");
        },
        ["analytics-db request in orders-db's folder"] = a => RefusedAsync(a, BypassArena.PathFor("other-resource"),
            "requester: alice\nresource: analytics-db\nrole: analyst\nduration: 1d\nreason: Build the Q3 retention report\n",
            "resource is 'analytics-db' but the file sits in access-requests/orders-db/", "request.folder-mismatch"),
        ["request for a resource that has no policy"] = a => RefusedAsync(a, BypassArena.PathFor("no-policy"), Requests.AliceWith("resource", "payments-db"),
            "there is no policy for resource 'payments-db'", "request.unknown-resource"),
        ["a second duration key overriding the first"] = a => RefusedAsync(a, BypassArena.PathFor("duplicate-key"), Requests.AliceReadOnly + "\nduration: 720h",
            "key 'duration' appears twice", "yaml.duplicate-key"),
        ["a duration too large to represent"] = a => RefusedAsync(a, BypassArena.PathFor("huge-duration"), Requests.AliceWith("duration", "99999999999999999999h"),
            "is far too long; the longest is 90d", "request.invalid-duration"),
        ["duration beyond the role's limit"] = a => RefusedAsync(a, BypassArena.PathFor("too-long"), Requests.AliceWith("duration", "9h"),
            "duration 9h is longer than the read-only role allows (4h)", "request.duration-too-long"),
        ["guardrails: a denied table and more privileges"] = a => RefusedAsync(a, BypassArena.PathFor("widened-guardrails"),
            Requests.AliceReadOnly.Replace("  tables: [public.orders]", "  tables: [public.orders, public.customers_pii]\n  privileges: [select, delete]", StringComparison.Ordinal),
            "a request may only narrow its role's guardrails", "request.guardrails-widen"),
        ["a duration one minute over, spelt in minutes"] = a => RefusedAsync(a, BypassArena.PathFor("minutes"), Requests.AliceWith("duration", "241m"),
            "duration 4h1m is longer than the read-only role allows (4h)", "request.duration-too-long"),
        ["a denied table spelt in upper case"] = async a =>
        {
            // Identifiers are never folded: PUBLIC.CUSTOMERS_PII is not the denied table, and not a table of the target either.
            var pr = await a.OpenAsync(BypassArena.PathFor("denied-upper"), Requests.AliceReadOnly.Replace("  tables: [public.orders]", "  tables: [public.CUSTOMERS_PII]", StringComparison.Ordinal));
            await a.ReviewAsync(pr, "olga");
            await a.MergeAsync(pr);
            return new(pr, BypassExpectation.RefusedOnlyAtMerge, "", "provider.refused: the postgres target refused the grant: table(s) 'public.CUSTOMERS_PII' named in the guardrails do not exist");
        },
        ["write role without the ticket it requires"] = a => RefusedAsync(a, BypassArena.PathFor("no-ticket"),
            Requests.AliceWith("role", "write").Replace("duration: 2h", "duration: 1h", StringComparison.Ordinal),
            "the write role requires a ticket", "request.ticket-required"),
        ["a role the policy does not have"] = a => RefusedAsync(a, BypassArena.PathFor("unknown-role"), Requests.AliceWith("role", "superuser"),
            "is not a role of orders-db", "request.unknown-role"),
    };

    public static TheoryData<string> AttemptNames()
    {
        var names = new TheoryData<string>();
        foreach (var name in Attempts.Keys) names.Add(name);
        return names;
    }

    [Theory]
    [MemberData(nameof(AttemptNames))]
    public async Task Attempt_GetsNoAccessTheRulesDoNotGive(string attempt)
    {
        var real = world.Real;
        var outcome = await Attempts[attempt](new BypassArena(real));
        var pullRequest = outcome.PullRequest;
        Assert.True(pullRequest.IsMerged, "the attempt must end merged");
        var checks = real.World.GitHub.CheckRuns.Where(c => c.HeadSha == pullRequest.HeadSha).ToList();
        var comments = real.World.Repository.Comments(pullRequest.Number);
        var records = real.History.Where(e => e.Record.PullRequest == pullRequest.Number).Select(e => e.Record).ToList();
        var said = string.Join("\n", checks.SelectMany(c => new[] { c.Title, c.Summary, c.Text }.Concat(c.Annotations.Select(n => n.Message))))
            + "\n" + string.Join("\n", comments.Select(c => c.Body));
        var troubles = $"\n--- said:\n{said}\n--- records:\n{string.Join("\n", records.Select(r => $"{r.Event}: {string.Join(" | ", r.Problems ?? [])}"))}\n--- jobs:\n{real.Server.JobTroubles()}";

        switch (outcome.Expect)
        {
            case BypassExpectation.Refused or BypassExpectation.RefusedOnlyAtMerge:
                var check = checks.LastOrDefault();
                Assert.True(check is not null, "no check run" + troubles);
                if (outcome.Expect == BypassExpectation.RefusedOnlyAtMerge)
                {
                    Assert.True(check.Conclusion == "success", "the attempt was meant to look approved before its merge" + troubles);
                }
                else
                {
                    Assert.True(check.Conclusion != "success", "the check is green" + troubles);
                    var plan = comments.Where(c => c.Body.StartsWith(PlanMarkdown.Marker, StringComparison.Ordinal)).ToList();
                    Assert.True(plan.Count == 1, $"{plan.Count} plan comments" + troubles);
                    Assert.True(said.Contains(outcome.Says, StringComparison.Ordinal), $"the check and comment do not say \"{outcome.Says}\"" + troubles);
                }
                var refused = records.Where(r => r.Event == AuditEvent.Refused).ToList();
                Assert.True(records.Count == 1 && refused.Count == 1, $"{records.Count} records, {refused.Count} refused, for #{pullRequest.Number}" + troubles);
                Assert.True(refused[0].Problems!.Any(p => p.Contains(outcome.Refusal, StringComparison.Ordinal)),
                    $"the refusal does not say \"{outcome.Refusal}\"" + troubles);
                Assert.True(comments.Any(c => c.Body.Contains("GitJit grants nothing", StringComparison.Ordinal)), "no refusal comment" + troubles);
                break;
            case BypassExpectation.NotAnAccessRequest:
                Assert.True(checks.Count == 0 && comments.Count == 0 && records.Count == 0, "the bot acted on what is not an access request" + troubles);
                break;
            case BypassExpectation.GrantedOnce:
                Assert.True(records.Count == 1 && records[0].Event == AuditEvent.Granted, $"{records.Count} records for #{pullRequest.Number}" + troubles);
                break;
        }

        var grantId = $"acme/access#{pullRequest.Number}";
        var access = (await real.AccessAsync()).Where(a => a.GrantId == grantId).ToList();
        Assert.Equal(outcome.Expect == BypassExpectation.GrantedOnce ? 1 : 0, access.Count);
        // Every role that may connect to the target is one a `granted` record on main names: none came from a refusal.
        var granted = real.History.Where(e => e.Record.Event == AuditEvent.Granted).Select(e => e.Record.Principal).ToHashSet(StringComparer.Ordinal);
        var roles = await TargetRolesAsync(real.Target);
        Assert.All(roles, role => Assert.Contains(role, granted));
        if (access is [var once]) Assert.Contains(once.Principal, roles);
    }

    private static async Task<BypassOutcome> RefusedAsync(BypassArena a, string path, string request, string says, string refusal)
    {
        var pr = await a.OpenAsync(path, request);
        await a.ReviewAsync(pr, "olga");
        await a.MergeAsync(pr);
        return BypassOutcome.Refused(pr, says, refusal);
    }

    /// <summary>GitJit's roles (pg_roles) that may connect to the target database, which PUBLIC may not.</summary>
    private static async Task<List<string>> TargetRolesAsync(string target)
    {
        await using var admin = NpgsqlDataSource.Create(target);
        await using var command = admin.CreateCommand(
            "select rolname from pg_roles where rolname like 'gitjit\\_%' and has_database_privilege(oid, current_database(), 'CONNECT') order by 1");
        await using var reader = await command.ExecuteReaderAsync();
        var roles = new List<string>();
        while (await reader.ReadAsync()) roles.Add(reader.GetString(0));
        return roles;
    }
}
