namespace GitJit.Cli;

/// <summary>What <c>gitjit</c> exits with.</summary>
public static class ExitCodes
{
    /// <summary>Nothing wrong (notices may have been printed).</summary>
    public const int Clean = 0;

    /// <summary>Errors or warnings were found, or the plan is refused.</summary>
    public const int Findings = 1;

    /// <summary>The command line was wrong, or a file or folder could not be read.</summary>
    public const int UsageOrIo = 2;
}
