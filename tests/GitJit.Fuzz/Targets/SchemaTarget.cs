using GitJit.Core.Decisions;
using GitJit.Core.Model;
using GitJit.Core.Repository;
using GitJit.Core.Schemas;

namespace GitJit.Fuzz.Targets;

/// <summary>
/// A JSON Schema read from the repository: the input stands as both schemas when the repository is opened (the schema
/// cache, NJsonSchema, GitJit's pattern handling), then validates the example request and the policy it needs.
/// </summary>
internal sealed class SchemaTarget : IFuzzTarget
{
    public string Name => "schema";

    public byte[] Warmup => RuleFiles.Embedded[AccessSchema.RequestPath];

    public void Run(ReadOnlySpan<byte> input)
    {
        var schema = input.ToArray();
        var snapshot = RuleFiles.Embedded.With(AccessSchema.RequestPath, schema).With(AccessSchema.PolicyPath, schema);
        var repository = AccessRepository.OpenAsync(snapshot, CancellationToken.None).GetAwaiter().GetResult();
        var request = RuleFiles.Embedded[RuleFiles.ExampleRequest];
        _ = RequestRules.EvaluateAsync(repository, RuleFiles.ExampleRequest, request, TeamDirectory.Unknown, RuleFiles.Now, CancellationToken.None).GetAwaiter().GetResult();
    }
}
