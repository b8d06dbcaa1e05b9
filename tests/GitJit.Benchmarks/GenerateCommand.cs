using System.CommandLine;
using System.Diagnostics;

namespace GitJit.Benchmarks;

/// <summary><c>generate DIR [--requests N] [--policies N] [--codeowners-lines N] [--seed N] [--invalid N]</c>.</summary>
internal static class GenerateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var directory = new Argument<DirectoryInfo>("DIR") { Description = "Where to write the repository; must be empty or absent." };
        var requests = Count("--requests", 10_000, "Access requests to write, all valid unless --invalid is given.");
        var policies = Count("--policies", 200, "Policies, one per resource.", minimum: 1);
        var codeowners = Count("--codeowners-lines", 2_000, "Lines in .github/CODEOWNERS; at least one per resource is always written.");
        var seed = new Option<int>("--seed") { Description = "The same seed writes the same repository.", DefaultValueFactory = _ => 1 };
        var invalid = Count("--invalid", 0, "How many of the requests to make deliberately invalid.");

        var command = new Command("generate", "Write a realistic access repository into DIR.")
        {
            directory, requests, policies, codeowners, seed, invalid,
        };
        command.SetAction(parse => Run(
            parse.GetRequiredValue(directory),
            new GenerateSettings(parse.GetValue(requests), parse.GetValue(policies), parse.GetValue(codeowners), parse.GetValue(seed), parse.GetValue(invalid)),
            output,
            error));
        return command;
    }

    private static Option<int> Count(string name, int defaultValue, string description, int minimum = 0)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < minimum)
            {
                result.AddError($"{name} must be at least {minimum}");
            }
        });
        return option;
    }

    private static int Run(DirectoryInfo directory, GenerateSettings settings, TextWriter output, TextWriter error)
    {
        if (settings.Invalid > settings.Requests)
        {
            error.WriteLine("generate: --invalid cannot exceed --requests");
            return ExitCodes.Usage;
        }
        if (directory.Exists && directory.EnumerateFileSystemInfos().Any())
        {
            error.WriteLine($"generate: {directory.FullName} is not empty; give an empty or new folder");
            return ExitCodes.Usage;
        }

        var stopwatch = Stopwatch.StartNew();
        try
        {
            var repository = AccessRepository.Create(settings);
            var lines = new RepositoryWriter(directory.FullName).Write(repository);
            output.WriteLine(
                $"wrote {repository.Policies.Count} policies, {repository.Requests.Count} requests " +
                $"({repository.Invalid.Count} invalid) and {lines} CODEOWNERS lines to {directory.FullName} " +
                $"in {stopwatch.Elapsed.TotalSeconds:F2} s");
            foreach (var (path, why) in repository.Invalid)
            {
                output.WriteLine($"invalid: {path}: {why}");
            }
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"generate: cannot write {directory.FullName}: {e.Message}");
            return ExitCodes.Usage;
        }
    }
}
