using System.Diagnostics;
using System.Text;
using GitJit.Core.Documents;
using GitJit.Core.Repository;
using GitJit.Core.Schemas;
using GitJit.Testing;

namespace GitJit.Core.Tests;

/// <summary>
/// Regular expressions come from the access repository (schema patterns, patternProperties, ticket patterns): none may
/// stall a reader. Times are asserted generously; the bound that matters is "not minutes", and a run that hangs fails
/// here instead of blocking the suite.
/// </summary>
public sealed class HostilePatternTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AnExponentialSchemaPattern_OnALongValue_IsAPatternFinding_InSeconds()
    {
        var snapshot = TestAccess.ExampleRepository().With(AccessSchema.RequestPath, HostilePatterns.RequestSchemaWith("reason", HostilePatterns.Exponential));
        var clock = Stopwatch.StartNew();

        var evaluation = await BoundedAsync(TestAccess.EvaluateAsync(Requests.AliceWith("reason", HostilePatterns.LongValue), repository: snapshot));

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, Generous / 2);
        var finding = Assert.Single(evaluation.ErrorsOf());
        Assert.Equal(("schema.pattern", 5), (finding.Code, finding.Line));
    }

    [Fact]
    public async Task APatternOnlyTheBacktrackingEngineRuns_IsCutOff_AndReportedAsATimeoutAtTheField()
    {
        var snapshot = TestAccess.ExampleRepository().With(AccessSchema.RequestPath, HostilePatterns.RequestSchemaWith("reason", HostilePatterns.ExponentialWithLookahead));
        var clock = Stopwatch.StartNew();

        var evaluation = await BoundedAsync(TestAccess.EvaluateAsync(Requests.AliceWith("reason", HostilePatterns.LongValue), repository: snapshot));

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, Generous / 2);
        var finding = Assert.Single(evaluation.ErrorsOf());
        Assert.Equal(("schema.pattern-timeout", 5, 9), (finding.Code, finding.Line, finding.Column));
        Assert.Contains(AccessSchema.RequestPath, finding.Message, StringComparison.Ordinal);
        Assert.Contains(HostilePatterns.ExponentialWithLookahead, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APatternThatTimedOut_IsNotTriedAgain_SoEveryLaterDocumentIsAnsweredAtOnce()
    {
        // Loaded afresh, not from the cache other tests share.
        var (schema, _) = await AccessSchema.LoadAsync(AccessSchema.RequestPath, HostilePatterns.RequestSchemaWith("reason", HostilePatterns.ExponentialWithLookahead), CancellationToken.None);
        var hostile = Yaml(Requests.AliceWith("reason", HostilePatterns.LongValue));
        var harmless = Yaml(Requests.AliceWith("reason", "aaaaaaaaaaaa"));
        Assert.Empty(schema!.Validate("a.yaml", harmless));

        await BoundedAsync(Task.Run(() => schema.Validate("a.yaml", hostile)));

        // The pattern is now known to be too slow: even a value it would match quickly is refused, and not matched.
        Assert.Equal("schema.pattern-timeout", Assert.Single(schema.Validate("b.yaml", harmless)).Code);
    }

    [Fact]
    public async Task AnInvalidSchemaPattern_IsReportedAgainstTheSchema_AndTheBuiltInSchemaUsed()
    {
        var snapshot = TestAccess.ExampleRepository().With(AccessSchema.RequestPath, HostilePatterns.RequestSchemaWith("reason", "(unclosed"));

        var repository = await AccessRepository.OpenAsync(snapshot, CancellationToken.None);
        var evaluation = await TestAccess.EvaluateAsync(Requests.AliceReadOnly, repository: snapshot);

        var finding = Assert.Single(repository.Findings);
        Assert.Equal((AccessSchema.RequestPath, "schema.invalid"), (finding.Path, finding.Code));
        Assert.Contains("#/properties/reason", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(evaluation.Findings, f => f.Code.StartsWith("schema.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACatastrophicPatternPropertiesKey_IsCutOff_AndReportedAtThePropertysKey()
    {
        var schema = ProjectFiles.Read(AccessSchema.PolicyPath).Replace("\"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$\": {", "\"" + HostilePatterns.ExponentialWithLookahead + "\": {", StringComparison.Ordinal);
        var (policySchema, problem) = await AccessSchema.LoadAsync(AccessSchema.PolicyPath, schema, CancellationToken.None);
        Assert.Null(problem);
        var policy = ProjectFiles.Read("policies/orders-db.yaml").Replace("  write:", "  " + HostilePatterns.LongValue + ":", StringComparison.Ordinal);

        var document = await BoundedAsync(Task.Run(() => PolicyDocument.Read("policies/orders-db.yaml", Encoding.UTF8.GetBytes(policy), policySchema!)));

        var finding = Assert.Single(document.Findings, f => f.Code == "schema.pattern-timeout");
        Assert.Equal(24, finding.Line);
        Assert.Null(document.Policy);
    }

    [Fact]
    public async Task PatternProperties_StillDecideWhichKeysAreAllowed_AndValidateTheirValues()
    {
        var orders = ProjectFiles.Read("policies/orders-db.yaml");
        var repository = await AccessRepository.OpenAsync(new InMemorySnapshot(), CancellationToken.None);

        var good = PolicyDocument.Read("policies/orders-db.yaml", Encoding.UTF8.GetBytes(orders), repository.PolicySchema);
        var badKey = PolicyDocument.Read("policies/orders-db.yaml", Encoding.UTF8.GetBytes(orders.Replace("  write:", "  Write_Role:", StringComparison.Ordinal)), repository.PolicySchema);
        var badValue = PolicyDocument.Read("policies/orders-db.yaml", Encoding.UTF8.GetBytes(orders.Replace("approvals: 2", "approvals: 0", StringComparison.Ordinal)), repository.PolicySchema);

        Assert.Empty(good.Findings);
        var key = Assert.Single(badKey.Findings, f => f.Code.StartsWith("schema.", StringComparison.Ordinal));
        Assert.Equal(("schema.unknown-field", 24), (key.Code, key.Line));
        var value = Assert.Single(badValue.Findings, f => f.Code.StartsWith("schema.", StringComparison.Ordinal));
        Assert.Equal(("schema.invalid", 27), (value.Code, value.Line));
    }

    [Fact]
    public async Task ATicketPatternThatTakesTooLong_IsSaidSo_NotCalledAMismatch()
    {
        var policy = ProjectFiles.Read("policies/orders-db.yaml").Replace("ticketPattern: \"^INC-[0-9]+$\"", "ticketPattern: \"(?=a)(a|aa)+\"", StringComparison.Ordinal);
        var snapshot = TestAccess.ExampleRepository().With("policies/orders-db.yaml", policy);
        var request = Requests.AliceWith("ticket", new string('a', 60) + "b")
            .Replace("role: read-only", "role: write", StringComparison.Ordinal).Replace("duration: 2h", "duration: 30m", StringComparison.Ordinal)
            .Replace("guardrails:\n  tables: [public.orders]", "", StringComparison.Ordinal);

        var evaluation = await BoundedAsync(TestAccess.EvaluateAsync(request, repository: snapshot));

        var finding = Assert.Single(evaluation.ErrorsOf(), f => f.Code.Contains("ticket", StringComparison.Ordinal));
        Assert.Equal("request.ticket-pattern-timeout", finding.Code);
        Assert.Contains("policies/orders-db.yaml", finding.Message, StringComparison.Ordinal);
    }

    private static Task<T> BoundedAsync<T>(Task<T> work) => work.WaitAsync(Generous);

    private static GitJit.Core.Yaml.YamlNode Yaml(string text) =>
        GitJit.Core.Yaml.SafeYamlReader.Read("r.yaml", Encoding.UTF8.GetBytes(text)).Root!;
}
