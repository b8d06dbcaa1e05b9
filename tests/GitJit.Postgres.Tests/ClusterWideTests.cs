using GitJit.Core.Grants;
using GitJit.Testing;
using GitJit.Core.Model;
using static GitJit.Postgres.Tests.TestTarget;

namespace GitJit.Postgres.Tests;

/// <summary>
/// Tests that open a database to PUBLIC, which every role on the server then reaches: on a cluster of their own (CI's
/// shared server also serves other test projects at the same time), one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterWideCollection
{
    public const string Name = "cluster-wide";
}

[Collection(ClusterWideCollection.Name)]
public sealed class ClusterWideTests
{
    private const string Orders = "create schema app; create table app.orders (id int);";

    [Theory]
    [InlineData("create schema scratch; grant create on schema scratch to public;", "schema scratch in database {0} (REVOKE CREATE ON SCHEMA scratch FROM PUBLIC)")]
    [InlineData("grant create on schema public to public;", "schema public in database {0} (REVOKE CREATE ON SCHEMA public FROM PUBLIC)")]
    [InlineData("grant create on database {0} to public;", "database {0} (REVOKE CREATE ON DATABASE {0} FROM PUBLIC)")]
    public async Task CreateForPublic_InAnotherDatabasePublicMayConnectTo_FailsProvisioning(string setup, string expected)
    {
        await using var target = await TestTarget.CreateAsync(Orders, TestPostgres.PrivateCluster);
        var other = DatabaseOf(await OtherDatabaseAsync(server: TestPostgres.PrivateCluster));
        await using var otherAdmin = Npgsql.NpgsqlDataSource.Create(new Npgsql.NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = other }.ConnectionString);
        await ExecuteAsync(otherAdmin, string.Format(System.Globalization.CultureInfo.InvariantCulture, setup, other));
        var grant = target.NewGrant(new Guardrails { Schemas = ["app"] });
        try
        {
            await target.ExecuteAsync($"grant connect on database {Quote(other)} to public");

            var failure = await Assert.ThrowsAsync<AccessRefusedException>(() => target.Provider.ProvisionAsync(grant, CancellationToken.None));

            Assert.StartsWith("refusing to provision", failure.Message, StringComparison.Ordinal);
            Assert.Contains(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, other), failure.Message, StringComparison.Ordinal);
            Assert.False(await target.RoleExistsAsync(PostgresAccessProvider.RoleName(grant)));
        }
        finally
        {
            await target.ExecuteAsync($"revoke connect on database {Quote(other)} from public");
        }

        // Once PUBLIC may no longer connect there, that database is out of reach and the same grant goes through.
        Assert.Equal(grant.Id, (await target.Provider.ProvisionAsync(grant, CancellationToken.None)).GrantId);
    }
}
