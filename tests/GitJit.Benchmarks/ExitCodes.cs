namespace GitJit.Benchmarks;

internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A run found an invariant broken, and printed it (kill-nine, load).</summary>
    public const int Violations = 1;

    /// <summary>Bad arguments, a folder that is not empty, or a file that could not be written.</summary>
    public const int Usage = 2;
}
