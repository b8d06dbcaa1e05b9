namespace GitJit.Fuzz;

internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Crashed = 1;
    public const int Usage = 2;
}
