namespace GitJit.Postgres.Tests;

public sealed class FormattedDdlTests
{
    [Theory]
    [InlineData("alter role %I connection limit %s", new object[] { "r", "2; drop role x" })]
    [InlineData("comment on role %I is %L", new object[] { "r", 5 })]
    [InlineData("drop role %I", new object[] { "r", "extra" })]
    [InlineData("drop role %1$I", new object[] { "r" })]
    [InlineData("drop role %", new object[] { })]
    public void StatementsWhoseArgumentsDoNotFitTheirDirectives_AreRefused(string template, object[] arguments)
    {
        Assert.Throws<ArgumentException>(() => new FormattedDdl().Add(template, arguments));
    }

    [Fact]
    public void ProperStatements_AreAccepted()
    {
        var ddl = new FormattedDdl().Add("create role %I connection limit %s valid until %L", "r", 2, "2026-01-01T00:00:00Z").Add("select '100%%'");

        Assert.False(ddl.IsEmpty);
    }
}
