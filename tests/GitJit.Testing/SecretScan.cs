using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Npgsql;

namespace GitJit.Testing;

/// <summary>
/// Every password, token and key a test world minted or was configured with, and the search for them in everything the
/// world produced: log lines, what was sent to GitHub, git objects, files, databases. A hit is reported by what leaked
/// and where, never by its value.
/// </summary>
public sealed class SecretScan
{
    /// <summary>Shorter values (a port, a short login) would be found by chance.</summary>
    private const int ShortestSecret = 12;

    private readonly ConcurrentDictionary<string, string> secrets = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Where, Func<IEnumerable<(string Where, string Text)>> Read)> places = new();

    /// <summary>How many distinct secrets are known.</summary>
    public int Count => secrets.Count;

    /// <summary>Whether <paramref name="value"/> is one of the secrets searched for.</summary>
    public bool Knows(string value) => secrets.ContainsKey(value);

    /// <summary>How many texts the last <see cref="Hits"/> searched.</summary>
    public int Searched { get; private set; }

    /// <summary>Knows <paramref name="value"/> as a secret named <paramref name="what"/> (a kind, never the value).</summary>
    public void Add(string what, string? value)
    {
        if (value is { Length: >= ShortestSecret }) secrets.TryAdd(value, what);
    }

    /// <summary>Knows every base64 line of a PEM key, so that part of a key is found as well as all of it.</summary>
    public void AddPem(string what, string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        foreach (var line in pem.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!line.StartsWith("-----", StringComparison.Ordinal)) Add(what, line);
        }
    }

    /// <summary>Adds a place to search when <see cref="Hits"/> runs (read then, so it holds everything produced until then).</summary>
    public void Watch(string where, Func<IEnumerable<(string Where, string Text)>> read) => places.Enqueue((where, read));

    /// <summary>Each secret found in a watched place: what it is, and where (never the value).</summary>
    public IReadOnlyList<string> Hits()
    {
        var hits = new List<string>();
        var searched = 0;
        foreach (var (_, read) in places)
        {
            foreach (var (where, text) in read())
            {
                searched++;
                foreach (var (value, what) in secrets)
                {
                    if (text.Contains(value, StringComparison.Ordinal)) hits.Add($"{what} in {where}");
                }
            }
        }
        Searched = searched;
        return hits;
    }

    /// <summary>Every object of the git repository at <paramref name="path"/> (bare or not), each as its text.</summary>
    public static IEnumerable<(string Where, string Text)> GitObjects(string path)
    {
        var start = new ProcessStartInfo("git", ["-C", path, "cat-file", "--batch-all-objects", "--batch", "--unordered"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var git = Process.Start(start)!;
        using var output = git.StandardOutput.BaseStream;
        var objects = new List<(string, string)>();
        while (ReadLine(output) is { } header)
        {
            // "<sha> <type> <size>", then the object's bytes and a newline.
            var parts = header.Split(' ');
            var size = int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
            var content = new byte[size];
            output.ReadExactly(content);
            output.ReadByte();
            objects.Add(($"git {parts[1]} {parts[0]} of {path}", Encoding.UTF8.GetString(content)));
        }
        git.WaitForExit();
        return objects;
    }

    /// <summary>
    /// Every file under <paramref name="directory"/> as text; each git repository in it (a folder with <c>objects/</c>
    /// and <c>HEAD</c>) as its objects instead, since they are compressed on disk.
    /// </summary>
    public static IEnumerable<(string Where, string Text)> Files(string directory)
    {
        if (!Directory.Exists(directory)) yield break;
        var repositories = Directory.EnumerateDirectories(directory, "objects", SearchOption.AllDirectories)
            .Select(Path.GetDirectoryName).OfType<string>().Where(d => File.Exists(Path.Combine(d, "HEAD"))).ToList();
        foreach (var repository in repositories)
        {
            foreach (var item in GitObjects(repository)) yield return item;
        }
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            if (repositories.Any(r => file.StartsWith(Path.Combine(r, "objects") + Path.DirectorySeparatorChar, StringComparison.Ordinal))) continue;
            yield return ($"file {file}", File.ReadAllText(file));
        }
    }

    /// <summary>Every row of every table of the database <paramref name="connectionString"/> names, as <c>pg_dump</c> writes them.</summary>
    public static IEnumerable<(string Where, string Text)> Database(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // Its errors go to the test's own output.
        var start = new ProcessStartInfo("pg_dump", ["--data-only", "-h", builder.Host!, "-p", $"{builder.Port}", "-U", builder.Username!, builder.Database!])
        {
            RedirectStandardOutput = true,
            Environment = { ["PGPASSWORD"] = builder.Password ?? "" },
        };
        using var dump = Process.Start(start)!;
        var text = dump.StandardOutput.ReadToEnd();
        dump.WaitForExit();
        if (dump.ExitCode != 0) throw new InvalidOperationException($"pg_dump of {builder.Database} failed with exit code {dump.ExitCode}");
        return [($"database {builder.Database}", text)];
    }

    private static string? ReadLine(Stream stream)
    {
        var line = new List<byte>();
        int b;
        while ((b = stream.ReadByte()) >= 0 && b != '\n') line.Add((byte)b);
        return b < 0 && line.Count == 0 ? null : Encoding.UTF8.GetString([.. line]);
    }
}
