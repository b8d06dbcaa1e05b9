namespace GitJit.Server.Tests.Systemd;

/// <summary>
/// An environment file as systemd's <c>EnvironmentFile=</c> reads it: <c>KEY=value</c> lines, <c>#</c> and <c>;</c>
/// comment lines, blank lines, whitespace around the key, and a value in single or double quotes taken without them.
/// </summary>
internal static class EnvironmentFile
{
    public static Dictionary<string, string> Read(string path)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) throw new FormatException($"{path}: not KEY=value: {line}");
            var value = line[(equals + 1)..].Trim();
            if (value.Length >= 2 && value[0] is '"' or '\'' && value[^1] == value[0]) value = value[1..^1];
            variables[line[..equals].Trim()] = value;
        }
        return variables;
    }

    public static void Write(string path, IReadOnlyDictionary<string, string> variables) =>
        File.WriteAllLines(path, ["# written by a test, read as systemd would", .. variables.Select(v => $"{v.Key}={v.Value}")]);
}
