namespace GitJit.Cli;

/// <summary>What commands read from the process's environment: variables and the home folder; a test's own otherwise.</summary>
public sealed record CliEnvironment(Func<string, string?> Variable, string HomeDirectory)
{
    public static CliEnvironment Process { get; } = new(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>An environment holding only <paramref name="variables"/>, with <paramref name="homeDirectory"/> as home.</summary>
    public static CliEnvironment Of(IReadOnlyDictionary<string, string> variables, string homeDirectory)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return new(name => variables.GetValueOrDefault(name), homeDirectory);
    }
}
