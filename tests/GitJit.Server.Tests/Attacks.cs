using GitJit.Testing;
using GitJit.Sandbox.GitHub;

namespace GitJit.Server.Tests;

/// <summary>What someone with write access to the access repository tries, as commits in the fake GitHub.</summary>
internal static class Attacks
{
    private const string PolicyPath = "policies/orders-db.yaml";

    /// <summary>Alice's read-only request that narrows nothing: it gets whatever guardrails the role has.</summary>
    public const string RoleGuardrailsRequest = """
        requester: alice
        resource: orders-db
        role: read-only
        duration: 2h
        reason: Investigate stuck orders after deploy 4711
        """;

    /// <summary>The example policy with its read-only role widened: 30 days, delete and truncate, the PII table no longer denied.</summary>
    public static FakeTree WidenReadOnly(FakeTree tree)
    {
        var policy = System.Text.Encoding.UTF8.GetString(tree.Entries[PolicyPath].Content.Span);
        var widened = policy
            .Replace("maxDuration: 4h", "maxDuration: 720h", StringComparison.Ordinal)
            .Replace("      privileges: [select]\n      schemas: [public]\n      deniedTables: [public.customers_pii]\n",
                "      privileges: [select, delete, truncate]\n      schemas: [public]\n", StringComparison.Ordinal);
        Assert.NotEqual(policy, widened);
        return tree.Clone().With(PolicyPath, widened);
    }

    /// <summary>CODEOWNERS naming <paramref name="friend"/> as the owner of every orders-db request.</summary>
    public static FakeTree FriendOwnsRequests(FakeTree tree, string friend) =>
        tree.Clone().With(".github/CODEOWNERS", $"*  @acme/platform-security\n/access-requests/orders-db/  @{friend}\n");

    /// <summary>
    /// A branch <paramref name="branch"/> off the base commit whose rules are widened and whose requests <paramref name="friend"/>
    /// owns, and alice's pull request into it adding <paramref name="request"/>.
    /// </summary>
    public static FakePullRequest IntoBranchWithItsOwnRules(FlowWorld world, string branch, string friend, string request)
    {
        var repository = world.Repository;
        var rules = repository.CommitWithParents(FriendOwnsRequests(WidenReadOnly(repository.TreeAt(world.BaseSha)), friend), world.BaseSha);
        repository.SetBranch(branch, rules);
        var head = repository.CommitWithParents(repository.TreeAt(rules).With(Requests.AlicePath, request), rules);
        return repository.OpenPullRequest("alice", rules, head, baseRef: branch);
    }

    /// <summary>
    /// Alice's pull request into main in two commits: the first widens the read-only role, the second restores it and adds
    /// <paramref name="request"/>. Its net change is the one request file, so it passes under the real rules.
    /// </summary>
    public static FakePullRequest WidenThenRestore(FlowWorld world, string request)
    {
        var repository = world.Repository;
        var real = repository.TreeAt(world.BaseSha);
        var widen = repository.CommitWithParents(WidenReadOnly(real), world.BaseSha);
        var restore = repository.CommitWithParents(real.Clone().With(Requests.AlicePath, request), widen);
        return repository.OpenPullRequest("alice", world.BaseSha, restore);
    }
}
