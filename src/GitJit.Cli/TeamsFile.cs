using GitJit.Core;
using GitJit.Core.Model;
using GitJit.Core.Yaml;

namespace GitJit.Cli;

/// <summary>
/// Offline knowledge of team members for <c>--teams FILE</c>: a YAML mapping of <c>org/team</c> to a list of logins.
/// Teams it does not list stay unknown, so the CLI says what it could not check instead of guessing.
/// </summary>
public static class TeamsFile
{
    public static TeamDirectory Read(string? path, out string? problem)
    {
        problem = null;
        return path is null ? TeamDirectory.Unknown : Parse(path, File.ReadAllBytes(path), out problem);
    }

    /// <summary>Reads a teams file's bytes; <paramref name="path"/> only names it in <paramref name="problem"/>.</summary>
    public static TeamDirectory Parse(string path, ReadOnlySpan<byte> content, out string? problem)
    {
        problem = null;
        var (root, findings) = SafeYamlReader.Read(path, content);
        if (root is not YamlMapping mapping)
        {
            problem = findings.Count > 0 ? findings[0].Message : "a teams file is a mapping of org/team to a list of logins";
            return TeamDirectory.Unknown;
        }
        var teams = new List<KeyValuePair<string, IEnumerable<string>>>();
        foreach (var (team, members) in mapping.Entries)
        {
            if (members is not YamlSequence list || list.Items.Any(i => i is not YamlScalar))
            {
                problem = $"{path}:{team.Start.Line}: team {Text.Quote(team.Value)} must map to a list of logins";
                return TeamDirectory.Unknown;
            }
            teams.Add(new(team.Value, list.Items.Cast<YamlScalar>().Select(s => s.Value)));
        }
        return TeamDirectory.From(teams, isComplete: false);
    }
}
