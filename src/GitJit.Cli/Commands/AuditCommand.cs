using System.Globalization;
using GitJit.Audit;
using GitJit.Core.Model;
using LibGit2Sharp;

namespace GitJit.Cli.Commands;

/// <summary>Options of <c>gitjit audit [DIR] [--since DATE] [--format text|json|csv] [--bound DURATION]</c>.</summary>
public sealed record AuditOptions(string Directory, string? Since, AuditFormat Format, string? Bound);

/// <summary>
/// Reads the audit trail of a clone of the access repository, checks it (history and grant invariants) and prints
/// every grant's timeline and every anomaly. Exit 0 clean, 1 anomalies, 2 usage or I/O error.
/// </summary>
public sealed class AuditCommand(CliConsole console, TimeProvider timeProvider)
{
    public async Task<int> RunAsync(AuditOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Directory.Exists(options.Directory)) return await UsageAsync($"no such directory: {options.Directory}").ConfigureAwait(false);
        var bound = AuditVerifier.DefaultBound;
        if (options.Bound is not null && !GrantDuration.TryParse(options.Bound, out bound, out var problem)) return await UsageAsync("--bound: " + problem).ConfigureAwait(false);
        DateTimeOffset? since = null;
        if (options.Since is not null)
        {
            if (!DateTimeOffset.TryParse(options.Since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var from))
            {
                return await UsageAsync($"--since: {options.Since} is not a date; write 2026-11-28 or 2026-11-28T12:00:00Z").ConfigureAwait(false);
            }
            since = from;
        }
        var repository = AuditHistory.FindRepository(options.Directory);
        if (repository is null) return await UsageAsync($"{options.Directory} is not in a git repository; clone the access repository first").ConfigureAwait(false);

        AuditHistoryReport history;
        try
        {
            history = AuditHistory.Read(repository, since);
        }
        catch (LibGit2SharpException e)
        {
            return await UsageAsync($"cannot read {options.Directory}: {e.Message}").ConfigureAwait(false);
        }
        var verification = AuditVerifier.Verify(history.Entries.Select(e => e.Record), timeProvider.GetUtcNow(), bound);
        var anomalies = history.Anomalies.Concat(verification.Anomalies).ToList();
        cancellationToken.ThrowIfCancellationRequested();
        await new AuditReportWriter(console, options.Format).WriteAsync(verification.Timeline, anomalies).ConfigureAwait(false);
        return anomalies.Count == 0 ? ExitCodes.Clean : ExitCodes.Findings;
    }

    private async Task<int> UsageAsync(string message)
    {
        await console.Error.WriteLineAsync("gitjit audit: " + message).ConfigureAwait(false);
        return ExitCodes.UsageOrIo;
    }
}
