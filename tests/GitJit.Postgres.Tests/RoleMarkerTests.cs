namespace GitJit.Postgres.Tests;

public sealed class RoleMarkerTests
{
    [Fact]
    public void Marker_ReadsBackExactly_AndSaysItIsGitJits()
    {
        var marker = new RoleMarker("acme/access#42", new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero).AddTicks(1234567), "ORDERS_DB", "orders");

        Assert.StartsWith("gitjit-managed {\"grant\":\"acme/access#42\",\"expires\":\"2026-11-28T12:00:00.1234567Z\",\"connection\":\"ORDERS_DB\",\"database\":\"orders\"}", marker.Comment, StringComparison.Ordinal);
        Assert.Equal(marker, RoleMarker.Parse(marker.Comment));
    }

    [Fact]
    public void Requester_IsKeptInTheMarker_AndReachesTheAccess()
    {
        var marker = new RoleMarker("acme/access#42", new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero), "ORDERS_DB", "orders", "alice", 1042);

        Assert.EndsWith(",\"requester\":\"alice\",\"requesterId\":1042}", marker.Comment, StringComparison.Ordinal);
        var access = RoleMarker.Parse(marker.Comment)!.ToAccess("gitjit_alice_0123456789");
        Assert.Equal(("alice", 1042L), (access.Requester, access.RequesterId!.Value));
    }

    [Fact]
    public void TheGuardrailsDigest_IsKeptInTheMarker_AndReachesTheAccess_AndDiffersForEveryChange()
    {
        var granted = new GitJit.Core.Model.Guardrails { BlockedStatements = ["drop"], ReadOnly = true, Tables = ["public.orders"] };
        var digest = GitJit.Core.Grants.GuardrailsDigest.Of(granted);
        var marker = new RoleMarker("acme/access#42", new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero), "ORDERS_DB", "orders", "alice", 1042, digest);

        Assert.EndsWith($",\"guardrails\":\"{digest}\"}}", marker.Comment, StringComparison.Ordinal);
        Assert.Equal(digest, RoleMarker.Parse(marker.Comment)!.ToAccess("gitjit_alice_0123456789").GuardrailsDigest);
        Assert.Matches("^[0-9a-f]{32}$", digest);
        Assert.Equal(digest, GitJit.Core.Grants.GuardrailsDigest.Of(granted with { }));
        Assert.All(new GitJit.Core.Model.Guardrails[]
        {
            granted with { Gateway = false },
            granted with { BlockedStatements = [] },
            granted with { ReadOnly = null },
            granted with { Tables = ["public.orders", "public.customers_pii"] },
            granted with { StatementTimeout = TimeSpan.FromSeconds(30) },
        }, changed => Assert.NotEqual(digest, GitJit.Core.Grants.GuardrailsDigest.Of(changed)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a role for reporting")]
    [InlineData("gitjit-managed")]
    [InlineData("gitjit-managed {not json")]
    [InlineData("gitjit-managed {\"grant\":\"acme/access#42\",\"connection\":\"ORDERS_DB\",\"database\":\"orders\"}")]
    [InlineData("gitjit-managed {\"grant\":\"acme/access#42\",\"expires\":\"soon\",\"connection\":\"ORDERS_DB\",\"database\":\"orders\"}")]
    [InlineData(" gitjit-managed {\"grant\":\"acme/access#42\",\"expires\":\"2026-11-28T12:00:00Z\",\"connection\":\"ORDERS_DB\",\"database\":\"orders\"}")]
    public void AnythingElse_IsNotAMarker(string? comment)
    {
        Assert.Null(RoleMarker.Parse(comment));
    }
}
