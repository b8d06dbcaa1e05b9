using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using GitJit.Sandbox.Postgres;

namespace GitJit.Server.Sandbox;

/// <summary>
/// The sandbox's folders under the temp path, each marked with the id of the process that made it, so that one left by a
/// killed sandbox (kill -9 gives no chance to clean up) is stopped and deleted by the next.
/// </summary>
internal static class SandboxFolders
{
    private const string Prefix = "gitjit-sandbox-";
    private const string Owner = "sandbox.pid";

    /// <summary>A new folder, marked as this process's.</summary>
    public static string Create()
    {
        var folder = Path.Combine(Path.GetTempPath(), Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, Owner), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        return folder;
    }

    /// <summary>Stops the PostgreSQL and deletes the folder of every sandbox whose process is gone, saying so on <paramref name="output"/>.</summary>
    public static async Task RemoveAbandonedAsync(TextWriter output, CancellationToken cancellationToken)
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            if (!int.TryParse(ReadOwner(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var owner) || IsRunning(owner)) continue;
            if (ThrowawayPostgres.FindBinaries() is { } bin)
            {
                await ThrowawayPostgres.RemoveAbandonedAsync(bin, folder, cancellationToken).ConfigureAwait(false);
            }
            Delete(folder);
            await output.WriteLineAsync($"Removed {folder}, left by a sandbox that was killed (process {owner}).").ConfigureAwait(false);
        }
    }

    public static void Delete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left under the temp path; the next sandbox tries again.
        }
        catch (UnauthorizedAccessException)
        {
            // Left under the temp path; the next sandbox tries again.
        }
    }

    private static string? ReadOwner(string folder)
    {
        try
        {
            return File.ReadAllText(Path.Combine(folder, Owner)).Trim();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsRunning(int processId)
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
