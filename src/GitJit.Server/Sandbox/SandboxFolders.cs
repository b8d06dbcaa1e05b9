using System.Globalization;
using System.Security.Cryptography;
using GitJit.Sandbox;
using GitJit.Sandbox.Postgres;

namespace GitJit.Server.Sandbox;

/// <summary>
/// The sandbox's folders under the temp path. Each is listed, with the id of the process that made it, in a registry in
/// the user's own data folder (<c>~/.local/share/gitjit/sandboxes</c>), so that one left by a killed sandbox (kill -9
/// gives no chance to clean up) is stopped and deleted by the next; only folders this user's sandboxes made are ever
/// touched, whatever others leave in the temp path.
/// </summary>
internal static class SandboxFolders
{
    private const string Prefix = "gitjit-sandbox-";

    private static string? Registry =>
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify) is { Length: > 0 } data
            ? Path.Combine(data, "gitjit", "sandboxes")
            : null;

    /// <summary>A new folder, listed as this process's.</summary>
    public static string Create()
    {
        var name = Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var folder = Path.Combine(Path.GetTempPath(), name);
        if (Directory.Exists(folder) || File.Exists(folder)) throw new InvalidOperationException($"{folder} exists already; start the sandbox again");
        // Others may not read it; as root, the postgres user may pass through it to its cluster's own folder.
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        if (Environment.UserName == "root") mode |= UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
        else Directory.CreateDirectory(folder, mode);
        if (Registry is { } registry)
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(registry);
            else Directory.CreateDirectory(registry, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.WriteAllText(Path.Combine(registry, name), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        }
        return folder;
    }

    /// <summary>Stops the PostgreSQL and deletes the folder of every sandbox of this user whose process is gone, saying so on <paramref name="output"/>.</summary>
    public static async Task RemoveAbandonedAsync(TextWriter output, CancellationToken cancellationToken)
    {
        if (Registry is not { } registry || !Directory.Exists(registry)) return;
        foreach (var entry in Directory.EnumerateFiles(registry, Prefix + "*"))
        {
            if (!int.TryParse(ReadOwner(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var owner) || Processes.IsRunning(owner)) continue;
            var folder = Path.Combine(Path.GetTempPath(), Path.GetFileName(entry));
            var directory = new DirectoryInfo(folder);
            if (directory.Exists && directory.LinkTarget is null)
            {
                if (ThrowawayPostgres.FindBinaries() is { } bin)
                {
                    await ThrowawayPostgres.RemoveAbandonedAsync(bin, folder, cancellationToken).ConfigureAwait(false);
                }
                Delete(folder);
                await output.WriteLineAsync($"Removed {folder}, left by a sandbox that was killed (process {owner}).").ConfigureAwait(false);
            }
            File.Delete(entry);
        }
    }

    /// <summary>Deletes the folder and its registry entry.</summary>
    public static void Delete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
            if (Registry is { } registry) File.Delete(Path.Combine(registry, Path.GetFileName(folder)));
        }
        catch (IOException)
        {
            // Left under the temp path, and listed: the next sandbox tries again.
        }
        catch (UnauthorizedAccessException)
        {
            // Left under the temp path, and listed: the next sandbox tries again.
        }
    }

    private static string? ReadOwner(string entry)
    {
        try
        {
            return File.ReadAllText(entry).Trim();
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
}
