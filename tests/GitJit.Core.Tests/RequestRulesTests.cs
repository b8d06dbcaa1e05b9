using GitJit.Core.Model;
using GitJit.Testing;

namespace GitJit.Core.Tests;

public sealed class RequestRulesTests
{
    private static readonly TeamDirectory Engineering = TeamDirectory.From(
        [new("acme/engineering", ["alice", "bob"]), new("acme/support-leads", [])], isComplete: true);

    [Fact]
    public async Task ValidRequest_HasNoFindings_AndNarrowsGuardrails()
    {
        var evaluation = await TestAccess.EvaluateAsync(Requests.AliceReadOnly, teams: Engineering);

        Assert.Empty(evaluation.Findings);
        Assert.Equal("read-only", evaluation.Role!.Name);
        Assert.Equal(["public.orders"], evaluation.Effective!.Tables!);
        Assert.Equal(["public.customers_pii"], evaluation.Effective.DeniedTables!);
    }

    [Theory]
    [InlineData("role", "admin", "request.unknown-role", 3)]
    [InlineData("duration", "5h", "request.duration-too-long", 4)]
    [InlineData("duration", "0m", "request.invalid-duration", 4)]
    [InlineData("resource", "billing-db", "request.folder-mismatch", 2)]
    public async Task EachStaticRule_ReportsItsFindingAtTheFieldsLine(string field, string value, string code, int line)
    {
        var evaluation = await TestAccess.EvaluateAsync(Requests.AliceWith(field, value), teams: Engineering);

        var finding = Assert.Single(evaluation.ErrorsOf(), f => f.Code == code);
        Assert.Equal(line, finding.Line);
    }

    [Fact]
    public async Task UnknownResource_SaysWhichPolicyIsMissing()
    {
        var evaluation = await TestAccess.EvaluateAsync(Requests.AliceWith("resource", "billing-db"), "access-requests/billing-db/a.yaml", teams: Engineering);

        var finding = Assert.Single(evaluation.ErrorsOf());
        Assert.Equal("request.unknown-resource", finding.Code);
        Assert.Contains("policies/billing-db.yaml", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoleRequiringATicket_RefusesARequestWithout()
    {
        var text = Requests.AliceReadOnly.Replace("role: read-only", "role: write", StringComparison.Ordinal).Replace("duration: 2h", "duration: 30m", StringComparison.Ordinal);

        var evaluation = await TestAccess.EvaluateAsync(text, teams: Engineering);

        Assert.Equal("request.ticket-required", Assert.Single(evaluation.ErrorsOf()).Code);
    }

    [Fact]
    public async Task TicketNotMatchingTheRolesPattern_IsRefused()
    {
        var text = Requests.AliceWith("ticket", "JIRA-1").Replace("role: read-only", "role: write", StringComparison.Ordinal).Replace("duration: 2h", "duration: 30m", StringComparison.Ordinal);

        var evaluation = await TestAccess.EvaluateAsync(text, teams: Engineering);

        var finding = Assert.Single(evaluation.ErrorsOf());
        Assert.Equal("request.ticket-mismatch", finding.Code);
        Assert.Contains("^INC-[0-9]+$", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequesterOutsideThePolicysRequesters_IsNotEligible()
    {
        var evaluation = await TestAccess.EvaluateAsync(Requests.AliceWith("requester", "mallory"), teams: Engineering);

        var finding = Assert.Single(evaluation.ErrorsOf());
        Assert.Equal("request.requester-not-eligible", finding.Code);
    }

    [Fact]
    public async Task RequesterListedByName_IsEligibleWithoutTeams()
    {
        var text = """
            requester: erin
            resource: analytics-db
            role: analyst
            duration: 1d
            reason: Build the Q3 retention report
            """;

        var evaluation = await TestAccess.EvaluateAsync(text, "access-requests/analytics-db/erin.yaml");

        Assert.Empty(evaluation.Findings);
    }

    [Fact]
    public async Task TeamMembershipUnknownOffline_IsANoticeNotAnError()
    {
        var evaluation = await TestAccess.EvaluateAsync(Requests.AliceReadOnly, teams: TeamDirectory.Unknown);

        var finding = Assert.Single(evaluation.Findings);
        Assert.Equal(Severity.Notice, finding.Severity);
        Assert.Equal("request.eligibility-unchecked", finding.Code);
    }

    [Fact]
    public async Task RequestWithoutCodeOwners_CannotBeApproved()
    {
        var repository = TestAccess.ExampleRepository().With(".github/CODEOWNERS", "/policies/ @acme/security\n");

        var evaluation = await TestAccess.EvaluateAsync(Requests.AliceReadOnly, repository: repository, teams: Engineering);

        Assert.Equal("request.no-approvers", Assert.Single(evaluation.ErrorsOf()).Code);
    }

    [Fact]
    public async Task BrokenPolicy_GrantsNothing()
    {
        var repository = TestAccess.ExampleRepository().With("policies/orders-db.yaml", "resource: orders-db\nprovider: postgres\n");

        var evaluation = await TestAccess.EvaluateAsync(Requests.AliceReadOnly, repository: repository, teams: Engineering);

        Assert.Equal("request.policy-invalid", Assert.Single(evaluation.ErrorsOf()).Code);
        Assert.Null(evaluation.Role);
    }

    [Fact]
    public async Task SchemaErrors_DoNotHideTheRulesProblems()
    {
        var text = Requests.AliceWith("duration", "9h").Replace("reason: Investigate stuck orders after deploy 4711", "reason: short", StringComparison.Ordinal);

        var evaluation = await TestAccess.EvaluateAsync(text, teams: Engineering);

        Assert.Equal(["schema.length", "request.duration-too-long"], evaluation.ErrorsOf().Select(f => f.Code).Order().Reverse());
    }

    [Fact]
    public async Task RequestTurningOffTheGatewayTheRoleRequires_IsAWidening()
    {
        var evaluation = await TestAccess.EvaluateAsync(Requests.AliceReadOnly + "\n  gateway: false", teams: Engineering);

        var finding = Assert.Single(evaluation.ErrorsOf());
        Assert.Equal(("request.guardrails-widen", 8), (finding.Code, finding.Line));
        Assert.StartsWith("guardrails.gateway: the role's statement-level guardrails (blockedStatements, requireWhere) need the gateway; a request cannot turn it off", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestAddingStatementGuardrails_WithTheGatewayOff_IsAnError()
    {
        var repository = TestAccess.ExampleRepository().With("policies/orders-db.yaml",
            ProjectFiles.Read("policies/orders-db.yaml").Replace("      blockedStatements: [drop, truncate, alter, grant, revoke, copy]\n", "", StringComparison.Ordinal));

        var evaluation = await TestAccess.EvaluateAsync(Requests.AliceReadOnly + "\n  blockedStatements: [delete]\n  gateway: false", repository: repository, teams: Engineering);

        var finding = Assert.Single(evaluation.ErrorsOf());
        Assert.Equal(("request.gateway-required", 9), (finding.Code, finding.Line));
        Assert.StartsWith("guardrails: blockedStatements is enforced only by the gateway, and gateway is false", finding.Message, StringComparison.Ordinal);
        Assert.False(evaluation.Effective!.RequiresGateway);
    }

    [Fact]
    public async Task RequestAskingForTheGateway_IsValid_AndGetsIt()
    {
        var repository = TestAccess.ExampleRepository().With("policies/orders-db.yaml",
            ProjectFiles.Read("policies/orders-db.yaml").Replace("      blockedStatements: [drop, truncate, alter, grant, revoke, copy]\n", "", StringComparison.Ordinal));

        var plain = await TestAccess.EvaluateAsync(Requests.AliceReadOnly, repository: repository, teams: Engineering);
        var asked = await TestAccess.EvaluateAsync(Requests.AliceReadOnly + "\n  gateway: true", repository: repository, teams: Engineering);

        Assert.Empty(plain.Findings);
        Assert.False(plain.Effective!.RequiresGateway);
        Assert.Empty(asked.Findings);
        Assert.True(asked.Effective!.Gateway);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("\"true\"")]
    [InlineData("1")]
    public async Task Gateway_MustBeTrueOrFalse(string value)
    {
        var evaluation = await TestAccess.EvaluateAsync(Requests.AliceReadOnly + "\n  gateway: " + value, teams: Engineering);

        var finding = Assert.Single(evaluation.ErrorsOf());
        Assert.Equal(("schema.wrong-type", 8), (finding.Code, finding.Line));
    }
}
