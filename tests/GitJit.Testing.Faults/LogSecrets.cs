using Npgsql;

namespace GitJit.Testing.Faults;

/// <summary>The secrets among a server's settings, and which of them reached its logs (none may: README, invariants).</summary>
internal static class LogSecrets
{
    /// <summary>Every secret value in <paramref name="settings"/>: the App's key (a line of its body will do), webhook and client secrets, connection passwords.</summary>
    public static IReadOnlyList<(string Setting, string Value)> In(IReadOnlyDictionary<string, string?> settings)
    {
        var secrets = new List<(string, string)>();
        foreach (var (key, value) in settings)
        {
            if (string.IsNullOrEmpty(value)) continue;
            if (key.EndsWith(":PrivateKey", StringComparison.Ordinal))
            {
                secrets.AddRange(value.Split('\n').Select(l => l.Trim()).Where(l => l.Length >= 40 && !l.StartsWith("-----", StringComparison.Ordinal)).Take(3).Select(l => (key, l)));
            }
            else if (key.EndsWith("Secret", StringComparison.Ordinal))
            {
                secrets.Add((key, value));
            }
            else if (key.StartsWith("ConnectionStrings:", StringComparison.Ordinal) && new NpgsqlConnectionStringBuilder(value).Password is { Length: > 0 } password)
            {
                secrets.Add((key, password));
            }
        }
        return secrets;
    }

    /// <summary>Which settings' secrets appear in the files <paramref name="logs"/>.</summary>
    public static async Task<IReadOnlyList<string>> FoundAsync(IReadOnlyDictionary<string, string?> settings, IEnumerable<string> logs, CancellationToken cancellationToken)
    {
        var found = new List<string>();
        foreach (var log in logs.Where(File.Exists))
        {
            var text = await File.ReadAllTextAsync(log, cancellationToken).ConfigureAwait(false);
            found.AddRange(In(settings).Where(s => text.Contains(s.Value, StringComparison.Ordinal)).Select(s => $"{s.Setting}'s secret is in {log}").Distinct());
        }
        return found;
    }
}
