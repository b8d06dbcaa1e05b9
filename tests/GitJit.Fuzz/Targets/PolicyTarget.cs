using GitJit.Core.Decisions;
using GitJit.Core.Model;
using GitJit.Core.Repository;

namespace GitJit.Fuzz.Targets;

/// <summary>
/// A policy file as the repository reads it (<see cref="AccessRepository.PolicyAsync"/>: safe YAML, the policy schema,
/// the policy document), then used as requests use it: the example request is evaluated against it.
/// </summary>
internal sealed class PolicyTarget : IFuzzTarget
{
    private const string Path = "policies/orders-db.yaml";

    public string Name => "policy";

    public byte[] Warmup => RuleFiles.Embedded[Path];

    public void Run(ReadOnlySpan<byte> input)
    {
        var snapshot = RuleFiles.Embedded.With(Path, input.ToArray());
        var repository = AccessRepository.OpenAsync(snapshot, CancellationToken.None).GetAwaiter().GetResult();
        var request = RuleFiles.Embedded[RuleFiles.ExampleRequest];
        _ = RequestRules.EvaluateAsync(repository, RuleFiles.ExampleRequest, request, TeamDirectory.Unknown, RuleFiles.Now, CancellationToken.None).GetAwaiter().GetResult();
    }
}
