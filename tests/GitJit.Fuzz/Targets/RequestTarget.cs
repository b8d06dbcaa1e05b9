using GitJit.Core.Decisions;
using GitJit.Core.Model;
using GitJit.Core.Repository;

namespace GitJit.Fuzz.Targets;

/// <summary>
/// A request file, through the path <c>gitjit validate</c> and the bot take for one request: safe YAML, the request
/// document, the schema and every request rule, against this repository's rules.
/// </summary>
internal sealed class RequestTarget : IFuzzTarget
{
    private const string Path = "access-requests/orders-db/fuzz.yaml";

    private readonly Lazy<AccessRepository> repository = new(() => AccessRepository.OpenAsync(RuleFiles.Embedded, CancellationToken.None).GetAwaiter().GetResult());

    public string Name => "request";

    public byte[] Warmup => RuleFiles.Embedded[RuleFiles.ExampleRequest];

    public void Run(ReadOnlySpan<byte> input)
    {
        _ = RequestRules.EvaluateAsync(repository.Value, Path, input.ToArray(), TeamDirectory.Unknown, RuleFiles.Now, CancellationToken.None).GetAwaiter().GetResult();
    }
}
