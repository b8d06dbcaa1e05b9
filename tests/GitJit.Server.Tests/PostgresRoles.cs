using Xunit.Abstractions;

[assembly: TestCollectionOrderer("GitJit.Server.Tests.PostgresRolesFirst", "GitJit.Server.Tests")]

namespace GitJit.Server.Tests;

/// <summary>
/// Tests that provision real roles run one at a time: roles are cluster-wide and named after the grant
/// (<c>acme/access#1</c> for alice in every such test), and each server's reconciler revokes the target's roles that its
/// own records do not know. Every other test class is a collection of its own, run in parallel with these and with each
/// other: each server under test keeps its own Hangfire storage, activator and filters.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresRoles
{
    public const string Name = "real PostgreSQL roles";
}

/// <summary>The real-roles collection first: it is the longest chain of tests that cannot run side by side.</summary>
public sealed class PostgresRolesFirst : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => c.DisplayName == PostgresRoles.Name ? 0 : 1).ThenBy(c => c.DisplayName, StringComparer.Ordinal);
}

/// <summary>A test class that makes real roles outside the collection revokes other tests' roles as orphans: a machine checks, not a reviewer.</summary>
public sealed class PostgresRolesMembershipTests
{
    [Fact]
    public void EveryTestFileThatStartsARealRolesWorld_RunsInThePostgresRolesCollection()
    {
        var folder = Path.Combine(GitJit.Testing.ProjectFiles.Root, "tests", "GitJit.Server.Tests");
        var starters = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (File: Path.GetFileName(f), Text: File.ReadAllText(f)))
            .Where(f => f.Text.Contains("[Fact]", StringComparison.Ordinal) || f.Text.Contains("[Theory]", StringComparison.Ordinal))
            .Where(f => f.Text.Contains("RealGrantWorld.StartAsync(", StringComparison.Ordinal) || f.Text.Contains("PolicyBypassWorld", StringComparison.Ordinal))
            .ToList();
        var outside = starters.Where(f => !f.Text.Contains("[Collection(PostgresRoles.Name)]", StringComparison.Ordinal)).Select(f => f.File).ToList();

        Assert.Contains(starters, f => f.File == "GrantLifecycleTests.cs");
        Assert.True(outside.Count == 0, "these start a real-roles world outside [Collection(PostgresRoles.Name)]: " + string.Join(", ", outside));
    }
}
