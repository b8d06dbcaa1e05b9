namespace GitJit.Fuzz;

/// <summary>Runs saved inputs (crashes, the corpus) through a target without AFL and says which ones throw.</summary>
internal static class Replay
{
    public static int Files(IFuzzTarget target, IEnumerable<string> paths)
    {
        var crashed = 0;
        foreach (var path in paths)
        {
            try
            {
                target.Run(File.ReadAllBytes(path));
                Console.WriteLine($"ok       {path}");
            }
#pragma warning disable CA1031 // Triage: every exception that escapes a reader is the finding to print.
            catch (Exception e)
#pragma warning restore CA1031
            {
                crashed++;
                Console.WriteLine($"CRASH    {path}");
                Console.WriteLine(e.ToString());
            }
        }
        return crashed == 0 ? ExitCodes.Ok : ExitCodes.Crashed;
    }
}
