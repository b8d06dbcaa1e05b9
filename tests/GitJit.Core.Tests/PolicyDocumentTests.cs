using System.Text;
using GitJit.Core.Documents;
using GitJit.Core.Repository;
using GitJit.Testing;

namespace GitJit.Core.Tests;

public sealed class PolicyDocumentTests
{
    private static readonly string Orders = ProjectFiles.Read("policies/orders-db.yaml");

    [Fact]
    public async Task ExamplePolicy_ReadsIntoRolesWithLimits()
    {
        var document = await ReadAsync("policies/orders-db.yaml", Orders);

        Assert.Empty(document.Findings);
        var policy = document.Policy!;
        Assert.Equal(("orders-db", "postgres", "ORDERS_DB", "orders"), (policy.Resource, policy.Provider, policy.Target.Connection, policy.Target.Database));
        Assert.Equal(["@acme/engineering", "@acme/support-leads"], policy.Requesters.Select(p => p.ToString()));
        Assert.Equal(TimeSpan.FromHours(4), policy.Roles["read-only"].MaxDuration);
        Assert.Equal(2, policy.Roles["write"].Approvals);
        Assert.True(policy.Roles["write"].RequireTicket);
        Assert.False(policy.Roles["read-only"].ExtendWithoutApproval);
        Assert.Equal(TimeSpan.FromSeconds(30), policy.Roles["read-only"].Guardrails.StatementTimeout);
    }

    [Fact]
    public async Task FileNameAndResource_MustAgree()
    {
        var document = await ReadAsync("policies/payments-db.yaml", Orders);

        Assert.Equal("policy.name-mismatch", Assert.Single(document.Findings).Code);
        Assert.Null(document.Policy);
    }

    [Theory]
    [InlineData("approvals: 1", "approvals: 0", "schema.invalid")]
    [InlineData("approvals: 1", "approvals: 11", "schema.invalid")]
    [InlineData("maxDuration: 4h", "maxDuration: 400d", "policy.invalid-duration")]
    [InlineData("connection: ORDERS_DB", "connection: \"postgres://admin:hunter2@db/orders\"", "schema.pattern")]
    [InlineData("  read-only:", "  Read_Only:", "schema.unknown-field")]
    [InlineData("ticketPattern: \"^INC-[0-9]+$\"", "ticketPattern: \"*INC\"", "policy.invalid-ticket-pattern")]
    [InlineData("ticketPattern: \"^INC-[0-9]+$\"", "ticketPattern: \"(\"", "policy.invalid-ticket-pattern")]
    [InlineData("provider: postgres", "provider: 7", "schema.wrong-type")]
    [InlineData("      requireWhere: true", "      requireWhere: true\n      gateway: \"no\"", "schema.wrong-type")]
    [InlineData("  read-only:", "  \"read-only\\n\":", "policy.invalid-name")]
    [InlineData("deniedTables: [public.customers_pii]", "deniedTables: [\"public.customers_pii\\n\"]", "policy.invalid-name")]
    [InlineData("  - \"@acme/support-leads\"", "  - \"@acme/support-leads\\n\"", "policy.invalid-name")]
    public async Task BrokenPolicy_IsReportedAndGrantsNothing(string line, string replacement, string code)
    {
        var document = await ReadAsync("policies/orders-db.yaml", Orders.Replace(line, replacement, StringComparison.Ordinal));

        Assert.Contains(document.Findings, f => f.Code == code);
        Assert.Null(document.Policy);
    }

    /// <summary>Found by MutatedFileTests (seed bkNFf5JImUM1): the runtime's regex error repeats the pattern, a zero-width joiner and all.</summary>
    [Fact]
    public async Task ABrokenTicketPattern_IsQuotedWithItsInvisibleCharactersShown_AndSaysWhereItBreaks()
    {
        var document = await ReadAsync("policies/orders-db.yaml", Orders.Replace("\"^INC-[0-9]+$\"", "\"^INC-[0\u200d-9]+$\"", StringComparison.Ordinal));

        var finding = Assert.Single(document.Findings, f => f.Code == "policy.invalid-ticket-pattern");
        Assert.Equal("ticketPattern '^INC-[0\\u200D-9]+$' is not a usable regular expression: reversed character range at offset 10", finding.Message);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public async Task ExtendWithoutApproval_IsReadPerRole(string value, bool expected)
    {
        var document = await ReadAsync("policies/orders-db.yaml", Orders.Replace("    approvals: 1\n", $"    approvals: 1\n    extendWithoutApproval: {value}\n", StringComparison.Ordinal));

        Assert.Empty(document.Findings);
        Assert.Equal(expected, document.Policy!.Roles["read-only"].ExtendWithoutApproval);
        Assert.False(document.Policy.Roles["write"].ExtendWithoutApproval);
    }

    [Fact]
    public async Task ExtendWithoutApproval_MustBeABoolean()
    {
        var document = await ReadAsync("policies/orders-db.yaml", Orders.Replace("    approvals: 1\n", "    approvals: 1\n    extendWithoutApproval: sometimes\n", StringComparison.Ordinal));

        Assert.Contains(document.Findings, f => f.Severity == Severity.Error && f.Message.Contains("extendWithoutApproval", StringComparison.Ordinal));
        Assert.Null(document.Policy);
    }

    [Fact]
    public async Task ContradictoryGuardrails_AreWarnings()
    {
        var text = Orders.Replace("      deniedTables: [public.customers_pii]\n      readOnly: true", "      tables: [public.customers_pii, audit.log]\n      deniedTables: [public.customers_pii]\n      readOnly: true", StringComparison.Ordinal);

        var document = await ReadAsync("policies/orders-db.yaml", text);

        Assert.Equal(2, document.Findings.Count(f => f.Code == "policy.guardrails-conflict"));
        Assert.NotNull(document.Policy);
    }

    [Fact]
    public async Task Gateway_IsReadAsSaid_AndOnByDefaultBesideStatementGuardrails()
    {
        var text = Orders.Replace("      maxConnections: 2\n", "      maxConnections: 2\n      gateway: true\n", StringComparison.Ordinal)
            .Replace("      blockedStatements: [drop, truncate, alter, grant, revoke, copy, delete]\n      requireWhere: true\n", "", StringComparison.Ordinal);

        var document = await ReadAsync("policies/orders-db.yaml", text);

        Assert.Empty(document.Findings);
        Assert.True(document.Policy!.Roles["read-only"].Guardrails.Gateway);
        Assert.Null(document.Policy.Roles["write"].Guardrails.Gateway);
        Assert.False(document.Policy.Roles["write"].Guardrails.RequiresGateway);
        var example = await ReadAsync("policies/orders-db.yaml", Orders);
        Assert.All(example.Policy!.Roles.Values, role => Assert.True(role.Guardrails.RequiresGateway));
    }

    [Fact]
    public async Task StatementGuardrails_WithTheGatewayOff_AreAnError_NamingTheRoleAndTheGuardrails()
    {
        var text = Orders.Replace("      requireWhere: true\n", "      requireWhere: true\n      gateway: false\n", StringComparison.Ordinal);

        var document = await ReadAsync("policies/orders-db.yaml", text);

        var finding = Assert.Single(document.Findings);
        Assert.Equal(("policy.gateway-required", Severity.Error), (finding.Code, finding.Severity));
        Assert.Equal((text.Split('\n').ToList().FindIndex(l => l.Contains("gateway: false", StringComparison.Ordinal)) + 1, 16), (finding.Line, finding.Column));
        Assert.Equal(
            "role 'write': blockedStatements and requireWhere are enforced only by the gateway, and gateway is false, so nothing would enforce them; "
            + "remove gateway: false (the gateway is on by default beside them) or remove blockedStatements and requireWhere",
            finding.Message);
        Assert.Null(document.Policy);
    }

    [Fact]
    public async Task RequestsExpireAfter_IsSevenDays_WhenThePolicySaysNothing()
    {
        var document = await ReadAsync("policies/orders-db.yaml", Orders);

        Assert.Equal(TimeSpan.FromDays(7), document.Policy!.RequestsExpireAfter);
    }

    [Theory]
    [InlineData("7d", 7 * 24)]
    [InlineData("36h", 36)]
    [InlineData("1h", 1)]
    [InlineData("90d", 90 * 24)]
    [InlineData("P2D", 48)]
    public async Task RequestsExpireAfter_IsReadLikeMaxDuration(string value, int hours)
    {
        var document = await ReadAsync("policies/orders-db.yaml", WithRequestsExpireAfter(value));

        Assert.Empty(document.Findings);
        Assert.Equal(TimeSpan.FromHours(hours), document.Policy!.RequestsExpireAfter);
    }

    [Theory]
    [InlineData("59m", "policy.invalid-duration", "requestsExpireAfter: '59m' is too short; pending requests must be given at least 1h")]
    [InlineData("91d", "policy.invalid-duration", "requestsExpireAfter: '91d' is far too long; the longest is 90d")]
    [InlineData("0h", "policy.invalid-duration", "requestsExpireAfter: '0h' is zero; a duration must be positive")]
    [InlineData("a week", "schema.pattern", null)]
    [InlineData("7", "schema.wrong-type", null)]
    public async Task BadRequestsExpireAfter_IsReportedAtItsLine_AndTheBrokenPolicyGrantsNothing(string value, string code, string? message)
    {
        var document = await ReadAsync("policies/orders-db.yaml", WithRequestsExpireAfter(value));

        var finding = Assert.Single(document.Findings);
        Assert.Equal((code, 11), (finding.Code, finding.Line));
        if (message is not null) Assert.Equal(message, finding.Message);
        Assert.Null(document.Policy);
    }

    /// <summary>The example policy with <c>requestsExpireAfter</c> at line 11, just above <c>roles</c>.</summary>
    private static string WithRequestsExpireAfter(string value) =>
        Orders.Replace("\nroles:\n", $"\nrequestsExpireAfter: {value}\nroles:\n", StringComparison.Ordinal);

    private static async Task<PolicyDocument> ReadAsync(string path, string text)
    {
        var repository = await AccessRepository.OpenAsync(new InMemorySnapshot(), CancellationToken.None);
        return PolicyDocument.Read(path, Encoding.UTF8.GetBytes(text), repository.PolicySchema);
    }
}
