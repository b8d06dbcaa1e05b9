namespace GitJit.Benchmarks;

internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Bad arguments, a folder that is not empty, or a file that could not be written.</summary>
    public const int Usage = 2;

    /// <summary>The run broke an invariant it checks (printed).</summary>
    public const int Failed = 1;
}
