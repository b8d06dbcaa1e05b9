using System.Reflection;
using System.Text;

namespace GitJit.Benchmarks;

/// <summary>Writes an <see cref="AccessRepository"/> to disk: UTF-8 without BOM, LF line ends.</summary>
internal sealed class RepositoryWriter(string root)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes every file and returns the number of CODEOWNERS lines.</summary>
    public int Write(AccessRepository repository)
    {
        foreach (var policy in repository.Policies)
        {
            WriteFile($"policies/{policy.Resource}.yaml", PolicyYaml.Write(policy));
        }
        foreach (var request in repository.Requests)
        {
            WriteFile(request.Path, RequestYaml.Write(request));
        }
        WriteFile(".github/CODEOWNERS", string.Join('\n', repository.Codeowners) + "\n");
        foreach (var schema in new[] { "schemas/access-request.schema.json", "schemas/policy.schema.json" })
        {
            WriteFile(schema, EmbeddedText(schema));
        }
        return repository.Codeowners.Count;
    }

    private void WriteFile(string relativePath, string text)
    {
        var path = Path.Combine(root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, Utf8);
    }

    private static string EmbeddedText(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the benchmark tool was built without {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
