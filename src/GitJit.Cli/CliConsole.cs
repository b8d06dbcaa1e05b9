namespace GitJit.Cli;

/// <summary>Where commands write: the process's streams, or a test's writers.</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error)
{
    public static CliConsole Standard { get; } = new(Console.Out, Console.Error);
}
