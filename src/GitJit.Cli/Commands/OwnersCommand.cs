using GitJit.Core.Repository;

namespace GitJit.Cli.Commands;

/// <summary>Options of <c>gitjit owners [--repo DIR] [--format text|json] PATH…</c>.</summary>
public sealed record OwnersOptions(string Repository, IReadOnlyList<string> Paths, OutputFormat Format);

/// <summary>Says who owns each path by the repository's CODEOWNERS, exactly as GitHub reads it.</summary>
public sealed class OwnersCommand(CliConsole console)
{
    public async Task<int> RunAsync(OwnersOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Directory.Exists(options.Repository))
        {
            await console.Error.WriteLineAsync($"gitjit owners: no such directory: {options.Repository}").ConfigureAwait(false);
            return ExitCodes.UsageOrIo;
        }
        var repository = await AccessRepository.OpenAsync(new DirectorySnapshot(options.Repository), cancellationToken).ConfigureAwait(false);
        var codeOwners = repository.CodeOwners;
        foreach (var finding in codeOwners.Findings)
        {
            await console.Error.WriteLineAsync(FindingWriter.Text(finding)).ConfigureAwait(false);
        }

        var rows = options.Paths
            .Select(RelativePath)
            .Select(p => (Path: p, Owners: codeOwners.OwnersOf(p).Select(o => o.ToString()).ToList()))
            .ToList();
        if (options.Format == OutputFormat.Json)
        {
            await console.Out.WriteLineAsync(Json.Write(new
            {
                CodeOwners = codeOwners.Path,
                Paths = rows.Select(r => new { r.Path, r.Owners }),
            })).ConfigureAwait(false);
        }
        else
        {
            foreach (var (path, owners) in rows)
            {
                await console.Out.WriteLineAsync($"{path}\t{string.Join(' ', owners)}").ConfigureAwait(false);
            }
        }
        return ExitCodes.Clean;
    }

    /// <summary>Accepts <c>./x</c>, <c>/x</c> and backslashes the way people type paths.</summary>
    private static string RelativePath(string path)
    {
        var normalized = path.Replace('\\', '/');
        while (normalized.StartsWith("./", StringComparison.Ordinal)) normalized = normalized[2..];
        return normalized.TrimStart('/');
    }
}
