namespace GitJit.Cli.Tests;

/// <summary>Runs the CLI in-process with captured output.</summary>
internal static class CliRun
{
    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await GitJitCli.RunAsync(args, new CliConsole(output, error), CancellationToken.None);
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Runs with <paramref name="environment"/> alone (no process variables, its own home) and the given clock.</summary>
    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(CliEnvironment environment, TimeProvider time, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await GitJitCli.RunAsync(args, new CliConsole(output, error), environment, time, CancellationToken.None);
        return (exitCode, output.ToString(), error.ToString());
    }
}
