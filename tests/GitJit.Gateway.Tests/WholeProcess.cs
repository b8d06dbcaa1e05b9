namespace GitJit.Gateway.Tests;

/// <summary>
/// Tests that measure or load the whole process (its resident memory, statements of hundreds of megabytes of parse
/// tree): they run one at a time, after the others, so none skews another's measure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WholeProcess
{
    public const string Name = "Whole process";
}
