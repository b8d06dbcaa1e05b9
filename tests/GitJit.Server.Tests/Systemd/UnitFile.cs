namespace GitJit.Server.Tests.Systemd;

/// <summary>A systemd unit file's directives by section (<c>[Service]</c> → <c>ExecStart</c> → values, in order).</summary>
internal sealed class UnitFile(Dictionary<string, Dictionary<string, List<string>>> sections)
{
    public static string Path => System.IO.Path.Combine(GitJit.Testing.ProjectFiles.Root, "src", "GitJit.Server", "systemd", "gitjit.service");

    public static UnitFile Read(string path)
    {
        var sections = new Dictionary<string, Dictionary<string, List<string>>>(StringComparer.Ordinal);
        Dictionary<string, List<string>>? current = null;
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            if (line[0] == '[')
            {
                current = [];
                sections[line.Trim('[', ']')] = current;
                continue;
            }
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (current is null || equals <= 0) throw new FormatException($"{path}: not a directive in a section: {line}");
            var key = line[..equals].Trim();
            if (!current.TryGetValue(key, out var values)) current[key] = values = [];
            values.Add(line[(equals + 1)..].Trim());
        }
        return new UnitFile(sections);
    }

    /// <summary>The last value of a directive (the one systemd uses for single-valued ones), or null.</summary>
    public string? this[string section, string key] =>
        sections.TryGetValue(section, out var directives) && directives.TryGetValue(key, out var values) ? values[^1] : null;
}
