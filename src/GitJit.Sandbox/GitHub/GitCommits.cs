using LibGit2Sharp;

namespace GitJit.Sandbox.GitHub;

/// <summary>Writes the fake's commits and branch moves into a bare repository (<see cref="FakeRepository.WritesToGit"/>).</summary>
internal static class GitCommits
{
    private static readonly Identity Committer = new("GitJit sandbox", "sandbox@localhost");

    /// <summary>A commit of exactly <paramref name="tree"/> on <paramref name="parents"/> (already in git); its sha.</summary>
    public static string Write(string gitDirectory, FakeTree tree, IReadOnlyList<string> parents, DateTimeOffset when)
    {
        using var git = new Repository(gitDirectory);
        var definition = new TreeDefinition();
        foreach (var (path, entry) in tree.Entries)
        {
            using var content = new MemoryStream(entry.Content.ToArray(), writable: false);
            definition.Add(path, git.ObjectDatabase.CreateBlob(content), entry.IsSymbolicLink ? Mode.SymbolicLink : Mode.NonExecutableFile);
        }
        var signature = new Signature(Committer, when);
        var commit = git.ObjectDatabase.CreateCommit(signature, signature, parents.Count > 1 ? "Merge through the sandbox\n" : "Commit through the sandbox\n",
            git.ObjectDatabase.CreateTree(definition), parents.Select(p => git.Lookup<Commit>(p) ?? throw new ArgumentException($"No commit {p} in {gitDirectory}.", nameof(parents))),
            prettifyMessage: false);
        return commit.Sha;
    }

    /// <summary>Points refs/heads/<paramref name="branch"/> at <paramref name="sha"/>, creating it if need be.</summary>
    public static void MoveBranch(string gitDirectory, string branch, string sha)
    {
        using var git = new Repository(gitDirectory);
        MoveBranch(git, branch, new ObjectId(sha), "sandbox: move " + branch);
    }

    /// <summary>Points refs/heads/<paramref name="branch"/> at <paramref name="target"/>, creating it (never over another ref) if need be.</summary>
    public static void MoveBranch(Repository git, string branch, ObjectId target, string log)
    {
        var name = "refs/heads/" + branch;
        if (git.Refs[name] is DirectReference existing) git.Refs.UpdateTarget(existing, target, log);
        else git.Refs.Add(name, target, log, allowOverwrite: false);
    }
}
