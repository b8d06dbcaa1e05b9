namespace GitJit.Fuzz;

/// <summary>
/// One reader of outside input, called exactly as production calls it. The contract: any input ends in a value
/// (findings, false, a refusal); an exception escaping <see cref="Run"/> is a crash for AFL.
/// </summary>
internal interface IFuzzTarget
{
    /// <summary>The command-line name (<c>request</c>, <c>policy</c>, …).</summary>
    string Name { get; }

    /// <summary>A valid input, run once before fuzzing starts.</summary>
    byte[] Warmup { get; }

    void Run(ReadOnlySpan<byte> input);
}
