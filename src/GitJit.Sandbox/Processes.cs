using System.Diagnostics;

namespace GitJit.Sandbox;

/// <summary>Whether a process that made something (a sandbox, a test host's cluster) is still there to clean it up.</summary>
public static class Processes
{
    public static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
