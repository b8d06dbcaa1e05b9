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
