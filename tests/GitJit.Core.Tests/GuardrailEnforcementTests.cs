using GitJit.Core.Model;

namespace GitJit.Core.Tests;

public sealed class GuardrailEnforcementTests
{
    [Theory]
    [InlineData("privileges", Enforcers.Privileges, Enforcers.Privileges)]
    [InlineData("schemas", Enforcers.Privileges, Enforcers.Privileges | Enforcers.Gateway)]
    [InlineData("tables", Enforcers.Privileges, Enforcers.Privileges | Enforcers.Gateway)]
    [InlineData("deniedTables", Enforcers.Privileges, Enforcers.Privileges | Enforcers.Gateway)]
    [InlineData("readOnly", Enforcers.RoleSettings, Enforcers.RoleSettings | Enforcers.Gateway)]
    [InlineData("statementTimeout", Enforcers.RoleSettings, Enforcers.RoleSettings | Enforcers.Gateway)]
    [InlineData("maxConnections", Enforcers.RoleSettings, Enforcers.RoleSettings)]
    [InlineData("blockedStatements", Enforcers.None, Enforcers.Gateway)]
    [InlineData("requireWhere", Enforcers.None, Enforcers.Gateway)]
    public void EachGuardrail_HasItsEnforcers_WithAndWithoutTheGateway(string guardrail, Enforcers without, Enforcers with)
    {
        Assert.Equal(without, GuardrailEnforcement.Of(guardrail, gateway: false));
        Assert.Equal(with, GuardrailEnforcement.Of(guardrail, gateway: true));
    }

    [Fact]
    public void EveryGuardrail_IsMapped_AndNothingElse()
    {
        Assert.All(GuardrailEnforcement.Keys, key => GuardrailEnforcement.Of(key, gateway: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => GuardrailEnforcement.Of("gateway", gateway: true));
    }

    [Fact]
    public void Unenforced_AreTheStatementGuardrails_OnlyWhenTheGatewayIsOff()
    {
        var statements = new Guardrails { BlockedStatements = ["drop"], RequireWhere = true };

        Assert.Empty(GuardrailEnforcement.Unenforced(statements));
        Assert.Equal(["blockedStatements", "requireWhere"], GuardrailEnforcement.Unenforced(statements with { Gateway = false }));
        Assert.Equal(["requireWhere"], GuardrailEnforcement.Unenforced(statements with { BlockedStatements = [], Gateway = false }));
        Assert.Empty(GuardrailEnforcement.Unenforced(new Guardrails { ReadOnly = true, Gateway = false }));
    }
}
