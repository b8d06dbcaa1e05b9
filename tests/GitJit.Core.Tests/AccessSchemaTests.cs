using System.Text.Json.Nodes;
using GitJit.Core.Repository;
using GitJit.Core.Schemas;
using GitJit.Testing;

namespace GitJit.Core.Tests;

public sealed class AccessSchemaTests
{
    [Theory]
    [InlineData(AccessSchema.RequestPath)]
    [InlineData(AccessSchema.PolicyPath)]
    public void BuiltInSchema_IsTheRepositorysSchemaFile(string path)
    {
        Assert.Equal(ProjectFiles.Read(path), AccessSchema.BuiltInText(path));
    }

    [Theory]
    [InlineData("slug")]
    [InlineData("duration")]
    [InlineData("identifier")]
    [InlineData("table")]
    [InlineData("guardrails")]
    public void SharedDefinitions_AreIdenticalInBothSchemas(string definition)
    {
        var request = JsonNode.Parse(ProjectFiles.Read(AccessSchema.RequestPath))!["definitions"]![definition]!;
        var policy = JsonNode.Parse(ProjectFiles.Read(AccessSchema.PolicyPath))!["definitions"]![definition]!;

        Assert.True(JsonNode.DeepEquals(request, policy), $"definitions/{definition} differs");
    }

    [Fact]
    public void PolicySchema_DescribesRequestsExpireAfter_AtTheTopLevel_AsADuration()
    {
        var schema = JsonNode.Parse(ProjectFiles.Read(AccessSchema.PolicyPath))!;
        var field = schema["properties"]!["requestsExpireAfter"]!;

        Assert.Equal("#/definitions/duration", (string?)field["$ref"]);
        Assert.Contains("Default: 7d", (string?)field["description"], StringComparison.Ordinal);
        Assert.DoesNotContain("requestsExpireAfter", schema["required"]!.AsArray().Select(r => (string?)r));
    }

    [Theory]
    [InlineData("30m", "policy.invalid-duration")]
    [InlineData("[7d]", "policy.wrong-type")]
    public async Task LooserPolicySchema_StillCannotLetABadRequestsExpireAfterThrough(string value, string code)
    {
        var (looser, _) = await AccessSchema.LoadAsync(AccessSchema.PolicyPath, "{}", CancellationToken.None);
        var text = ProjectFiles.Read("policies/orders-db.yaml").Replace("\nroles:\n", $"\nrequestsExpireAfter: {value}\nroles:\n", StringComparison.Ordinal);

        var document = GitJit.Core.Documents.PolicyDocument.Read("policies/orders-db.yaml", System.Text.Encoding.UTF8.GetBytes(text), looser!);

        Assert.Equal(code, Assert.Single(document.Findings).Code);
        Assert.Null(document.Policy);
    }

    [Theory]
    [InlineData("""{ "$ref": "https://evil.example/schema.json" }""")]
    [InlineData("""{ "$ref": "/etc/passwd" }""")]
    [InlineData("""{ "properties": { "a": { "$ref": "other.json#/x" } } }""")]
    public async Task SchemaReachingOutside_IsRefused_WithoutFetching(string json)
    {
        var (schema, problem) = await AccessSchema.LoadAsync("schemas/access-request.schema.json", json, CancellationToken.None);

        Assert.Null(schema);
        Assert.Equal("schema.invalid", problem!.Code);
    }

    [Fact]
    public async Task BrokenRepositorySchema_IsReported_AndTheBuiltInOneStillValidates()
    {
        var snapshot = TestAccess.ExampleRepository().With(AccessSchema.RequestPath, "{ not json");

        var repository = await AccessRepository.OpenAsync(snapshot, CancellationToken.None);
        var evaluation = await TestAccess.EvaluateAsync(Requests.AliceWith("extra", "1"), repository: snapshot);

        Assert.Equal(AccessSchema.RequestPath, Assert.Single(repository.Findings).Path);
        Assert.Contains("schema.unknown-field", evaluation.Codes());
    }

    [Fact]
    public async Task OneSchema_ValidatesManyDocumentsAtOnce_AsItDoesOneByOne()
    {
        var repository = await AccessRepository.OpenAsync(TestAccess.ExampleRepository(), CancellationToken.None);
        var documents = Enumerable.Range(0, 400)
            .Select(i => Requests.AliceWith("reason", i % 2 == 0 ? "short" : $"Investigate incident {i} end to end"))
            .Select(text => GitJit.Core.Yaml.SafeYamlReader.Read("r.yaml", System.Text.Encoding.UTF8.GetBytes(text)).Root!)
            .ToList();

        var oneByOne = documents.Select(d => repository.RequestSchema.Validate("r.yaml", d).Count).ToList();
        var atOnce = new int[documents.Count];
        Parallel.For(0, documents.Count, i => atOnce[i] = repository.RequestSchema.Validate("r.yaml", documents[i]).Count);

        Assert.Equal(oneByOne, atOnce);
        Assert.Equal(200, oneByOne.Count(c => c == 1));
    }

    [Theory]
    [InlineData("duration", "[1, 2]", "request.wrong-type")]
    [InlineData("requester", "\"al ice\"", "request.invalid-name")]
    [InlineData("resource", "\"../policies/x\"", "request.invalid-name")]
    [InlineData("ticket", "\"INC-1; DROP\"", "request.invalid-name")]
    public async Task LooserRepositorySchema_StillCannotLetBadValuesThrough(string field, string value, string code)
    {
        var snapshot = TestAccess.ExampleRepository().With(AccessSchema.RequestPath, "{}");

        var evaluation = await TestAccess.EvaluateAsync(Requests.AliceWith(field, value), repository: snapshot);

        Assert.Contains(code, evaluation.Codes());
        Assert.Null(evaluation.Document.Request);
    }

    [Fact]
    public async Task StricterRepositorySchema_IsHonoured()
    {
        var stricter = ProjectFiles.Read(AccessSchema.RequestPath).Replace("\"minLength\": 10", "\"minLength\": 100", StringComparison.Ordinal);
        var snapshot = TestAccess.ExampleRepository().With(AccessSchema.RequestPath, stricter);

        var evaluation = await TestAccess.EvaluateAsync(Requests.AliceReadOnly, repository: snapshot);

        Assert.Contains("schema.length", evaluation.Codes());
    }
}
