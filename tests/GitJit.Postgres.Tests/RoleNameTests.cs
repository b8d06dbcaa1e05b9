using System.Text;
using GitJit.Core.Grants;
using GitJit.Core.Model;

namespace GitJit.Postgres.Tests;

public sealed class RoleNameTests
{
    [Fact]
    public void RoleName_IsGitJitRequesterAndTheGrantIdsHash()
    {
        // printf 'acme/access#42' | sha256sum → 780029aa461aadf2…
        Assert.Equal("gitjit_alice_780029aa46", PostgresAccessProvider.RoleName("acme/access#42", "alice"));
    }

    [Fact]
    public void RoleName_ComesFromTheGrant_AndIsDeterministic()
    {
        var grant = new Grant("acme/access#42", "alice", "orders-db", "read-only", "postgres", new PolicyTarget("ORDERS_DB", "orders"), Guardrails.None, DateTimeOffset.UnixEpoch);

        Assert.Equal("gitjit_alice_780029aa46", PostgresAccessProvider.RoleName(grant));
        Assert.Equal(PostgresAccessProvider.RoleName(grant), PostgresAccessProvider.RoleName(grant with { Role = "write", ExpiresAt = DateTimeOffset.MaxValue }));
    }

    [Theory]
    [InlineData("Alice-Bob", "gitjit_alice_bob_")]
    [InlineData("x\"; DROP ROLE postgres; --", "gitjit_x___drop_role_postgres_____")]
    [InlineData("ÄÖü-ß", "gitjit_______")]
    public void RoleName_LowerCasesTheRequester_AndReplacesEverythingButLettersAndDigits(string requester, string prefix)
    {
        var name = PostgresAccessProvider.RoleName("acme/access#42", requester);

        Assert.Equal(prefix + "780029aa46", name);
    }

    [Theory]
    [InlineData(39)]
    [InlineData(200)]
    public void RoleName_FitsPostgresIdentifierLimit(int requesterLength)
    {
        var name = PostgresAccessProvider.RoleName("acme/access#42", new string('a', requesterLength - 1) + "é");

        Assert.True(Encoding.UTF8.GetByteCount(name) <= 63, $"{name} is {Encoding.UTF8.GetByteCount(name)} bytes");
        Assert.Matches("^gitjit_[a-z0-9_]{1,39}_[0-9a-f]{10}$", name);
    }

    [Fact]
    public void RoleName_DiffersAcrossGrantIds_ForTheSameRequester()
    {
        var names = Enumerable.Range(1, 20_000).Select(pull => PostgresAccessProvider.RoleName(Grant.IdFor("acme/access", pull), "alice")).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(20_000, names.Count);
    }
}
