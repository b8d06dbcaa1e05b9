using GitJit.Core;
using GitJit.Core.Decisions;

namespace GitJit.Cli.Commands;

/// <summary>Options of <c>gitjit validate [DIR] [--format text|json|github] [--teams FILE]</c>.</summary>
public sealed record ValidateOptions(string Directory, OutputFormat Format, string? TeamsFile);

/// <summary>Checks a whole access repository with the bot's own rules.</summary>
public sealed class ValidateCommand(CliConsole console, TimeProvider timeProvider)
{
    public async Task<int> RunAsync(ValidateOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Directory.Exists(options.Directory))
        {
            await console.Error.WriteLineAsync($"gitjit validate: no such directory: {options.Directory}").ConfigureAwait(false);
            return ExitCodes.UsageOrIo;
        }
        var teams = TeamsFile.Read(options.TeamsFile, out var problem);
        if (problem is not null)
        {
            await console.Error.WriteLineAsync($"gitjit validate: {problem}").ConfigureAwait(false);
            return ExitCodes.UsageOrIo;
        }

        var report = await RepositoryValidator.ValidateAsync(new DirectorySnapshot(options.Directory), teams, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var summary = $"{report.Requests} request(s), {report.Policies} polic{(report.Policies == 1 ? "y" : "ies")}: "
            + $"{report.Count(Severity.Error)} error(s), {report.Count(Severity.Warning)} warning(s), {report.Count(Severity.Notice)} notice(s)";
        switch (options.Format)
        {
            case OutputFormat.Json:
                await console.Out.WriteLineAsync(Json.Write(new
                {
                    report.Findings,
                    Summary = new
                    {
                        report.Requests,
                        report.Policies,
                        Errors = report.Count(Severity.Error),
                        Warnings = report.Count(Severity.Warning),
                        Notices = report.Count(Severity.Notice),
                        report.IsClean,
                    },
                })).ConfigureAwait(false);
                break;
            case OutputFormat.Github:
                foreach (var finding in report.Findings) await console.Out.WriteLineAsync(FindingWriter.Github(finding)).ConfigureAwait(false);
                await console.Out.WriteLineAsync("gitjit: " + summary).ConfigureAwait(false);
                break;
            default:
                foreach (var finding in report.Findings) await console.Out.WriteLineAsync(FindingWriter.Text(finding)).ConfigureAwait(false);
                await console.Out.WriteLineAsync(summary).ConfigureAwait(false);
                break;
        }
        return report.IsClean ? ExitCodes.Clean : ExitCodes.Findings;
    }
}
