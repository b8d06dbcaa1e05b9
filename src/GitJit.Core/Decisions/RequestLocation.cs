using System.Text.RegularExpressions;
using GitJit.Core.Repository;

namespace GitJit.Core.Decisions;

/// <summary>Where request files live: <c>access-requests/&lt;resource&gt;/&lt;name&gt;.yaml</c> (or <c>.yml</c>).</summary>
public static partial class RequestLocation
{
    /// <summary>True for any path inside <c>access-requests/</c>.</summary>
    public static bool IsUnderRequests(string path) =>
        path.StartsWith(AccessRepository.RequestsDirectory + "/", StringComparison.Ordinal);

    /// <summary>True for a YAML file, the only kind of file a request can be.</summary>
    public static bool IsYaml(string path) =>
        path.EndsWith(".yaml", StringComparison.Ordinal) || path.EndsWith(".yml", StringComparison.Ordinal);

    /// <summary>
    /// Checks that a request file sits exactly one folder deep, with a plain file name; returns the folder, which
    /// must equal the request's <c>resource</c>, or null and a problem.
    /// </summary>
    public static string? Folder(string path, out string problem)
    {
        problem = "";
        var parts = path.Split('/');
        if (!RepositoryPath.IsSafe(path) || parts.Length != 3 || parts[0] != AccessRepository.RequestsDirectory)
        {
            problem = "a request file must sit at access-requests/<resource>/<name>.yaml";
            return null;
        }
        if (!FileName().IsMatch(parts[2]))
        {
            problem = "a request file name uses letters, digits, '.', '_' and '-' only, at most 100 characters, and ends in .yaml";
            return null;
        }
        return parts[1];
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,94}\.ya?ml$", RegexOptions.CultureInvariant)]
    private static partial Regex FileName();
}
