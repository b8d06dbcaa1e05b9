using System.Runtime.InteropServices;

namespace GitJit.Server.Sandbox;

/// <summary>
/// <c>GitJit.Server sandbox</c>: the whole loop on one machine. A local stand-in for GitHub (its API, webhooks, sign-in,
/// and pages to act as any person) holds an access repository seeded from this repository's own requests, policies,
/// schemas and CODEOWNERS; a throwaway PostgreSQL holds sample target databases; GitJit runs as the stand-in's App with
/// the guarded gateway. Everything listens on loopback; Ctrl+C (or SIGTERM) stops it all and deletes what it made.
/// </summary>
internal static class SandboxCommand
{
    public const string Notice = "Sandbox: GitHub here is a local stand-in on this machine. Nothing reaches github.com.";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var options = SandboxOptions.Parse(args, out var error);
        if (options is null)
        {
            if (!string.IsNullOrEmpty(error)) await Console.Error.WriteLineAsync("sandbox: " + error).ConfigureAwait(false);
            await (string.IsNullOrEmpty(error) ? Console.Out : Console.Error).WriteLineAsync(SandboxOptions.Usage).ConfigureAwait(false);
            return string.IsNullOrEmpty(error) ? 0 : 2;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });

        await SandboxFolders.RemoveAbandonedAsync(Console.Out, stop.Token).ConfigureAwait(false);
        var ownFolder = options.Folder is null;
        var folder = ownFolder ? SandboxFolders.Create() : Path.GetFullPath(options.Folder!);
        Directory.CreateDirectory(folder);
        try
        {
            await using var sandbox = await SandboxParts.StartAsync(options, folder, stop.Token).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(sandbox.Steps()).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await Console.Out.WriteLineAsync("Stopping the sandbox…").ConfigureAwait(false);
            }
            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
        catch (InvalidOperationException problem)
        {
            await Console.Error.WriteLineAsync("sandbox: " + problem.Message).ConfigureAwait(false);
            return 1;
        }
        finally
        {
            if (ownFolder) SandboxFolders.Delete(folder);
        }
    }
}
