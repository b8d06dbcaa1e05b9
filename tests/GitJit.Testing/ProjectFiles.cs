namespace GitJit.Testing;

/// <summary>Finds this checkout's own files, which form a working access repository.</summary>
public static class ProjectFiles
{
    /// <summary>The folder holding GitJit.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The checkout's policies, schemas and CODEOWNERS — the base branch most tests decide against.</summary>
    public static InMemorySnapshot ExampleRepository()
    {
        var snapshot = new InMemorySnapshot();
        foreach (var (path, content) in ExampleFiles()) snapshot.With(path, content);
        return snapshot;
    }

    /// <summary>The checkout's access repository files (requests, policies, schemas, CODEOWNERS) by repository path.</summary>
    public static IReadOnlyDictionary<string, byte[]> ExampleFiles()
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var directory in new[] { "policies", "schemas", "access-requests", ".github" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, directory), "*", SearchOption.AllDirectories))
            {
                if (file.Contains("/workflows/", StringComparison.Ordinal)) continue;
                files[Path.GetRelativePath(Root, file).Replace('\\', '/')] = File.ReadAllBytes(file);
            }
        }
        return files;
    }

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GitJit.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException("GitJit.sln not found above " + AppContext.BaseDirectory);
    }
}
