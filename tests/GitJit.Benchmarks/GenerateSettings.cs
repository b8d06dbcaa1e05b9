namespace GitJit.Benchmarks;

/// <summary>What <c>generate</c> writes. The same settings always write the same bytes.</summary>
internal sealed record GenerateSettings(int Requests, int Policies, int CodeownersLines, int Seed, int Invalid);
