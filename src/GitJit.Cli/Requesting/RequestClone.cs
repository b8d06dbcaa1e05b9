using LibGit2Sharp;

namespace GitJit.Cli.Requesting;

/// <summary>
/// The requester's clone of the access repository, for <c>gitjit request</c>: its <c>origin</c>, the default branch a
/// request starts from, and a branch holding one new commit with one new file, pushed to <c>origin</c>. The working
/// tree, the index and HEAD are never changed.
/// </summary>
public sealed class RequestClone : IDisposable
{
    private const string Remote = "origin";

    /// <summary>What the default branch is called when origin/HEAD is not known.</summary>
    private static readonly string[] LikelyDefaults = ["main", "master"];

    private readonly Repository repository;

    private RequestClone(Repository repository, OriginUrl origin, string defaultBranch, Commit baseCommit)
    {
        this.repository = repository;
        Origin = origin;
        DefaultBranch = defaultBranch;
        BaseCommit = baseCommit;
    }

    /// <summary>The top of the working tree.</summary>
    public string Root => Path.GetFullPath(repository.Info.WorkingDirectory);

    public OriginUrl Origin { get; }

    /// <summary>origin's default branch (what <c>refs/remotes/origin/HEAD</c> names; else main or master).</summary>
    public string DefaultBranch { get; }

    /// <summary>Where a request branch starts: origin's default branch as last fetched, else the local branch of that name.</summary>
    public Commit BaseCommit { get; }

    /// <summary>The branch checked out, or null when HEAD is detached.</summary>
    public string? CheckedOutBranch => repository.Info.IsHeadDetached ? null : repository.Head.FriendlyName;

    /// <summary>Opens the clone holding <paramref name="path"/>; null with the reason when it is not one GitJit can request from.</summary>
    public static RequestClone? Open(string path, out string? problem)
    {
        problem = null;
        var gitFolder = Repository.Discover(path);
        if (gitFolder is null)
        {
            problem = $"{path} is not in a git clone; clone the access repository first";
            return null;
        }
        var repository = new Repository(gitFolder);
        try
        {
            if (repository.Info.IsBare)
            {
                problem = $"{path} is a bare repository; run in a clone with a working tree";
                return null;
            }
            if (repository.Network.Remotes[Remote] is not { } remote)
            {
                problem = "the clone has no 'origin' remote to push the request to";
                return null;
            }
            if (OriginUrl.Parse(remote.PushUrl ?? remote.Url) is not { } origin)
            {
                problem = "cannot tell the GitHub repository (owner/name) from origin's URL";
                return null;
            }
            var defaultBranch = DefaultBranchOf(repository);
            var baseCommit = defaultBranch is null ? null
                : (repository.Branches[$"{Remote}/{defaultBranch}"] ?? repository.Branches[defaultBranch])?.Tip;
            if (defaultBranch is null || baseCommit is null)
            {
                problem = "cannot find origin's default branch; run 'git fetch origin' and 'git remote set-head origin --auto'";
                return null;
            }
            var clone = new RequestClone(repository, origin, defaultBranch, baseCommit);
            repository = null!;
            return clone;
        }
        finally
        {
            repository?.Dispose();
        }
    }

    /// <summary>Whether a branch of that name exists here, locally or as origin's (as last fetched).</summary>
    public bool HasBranch(string branch) => repository.Branches[branch] is not null || repository.Branches[$"{Remote}/{branch}"] is not null;

    /// <summary>Whether the default branch already holds <paramref name="path"/>.</summary>
    public bool HasFileOnDefaultBranch(string path) => BaseCommit[path] is not null;

    /// <summary>
    /// Creates the local branch <paramref name="branch"/> at a new commit on <see cref="BaseCommit"/> that adds one file,
    /// <paramref name="path"/>; the working tree and index are left as they are.
    /// </summary>
    public Commit CommitOneFile(string branch, string path, byte[] content, string message, Signature author)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var stream = new MemoryStream(content, writable: false);
        var blob = repository.ObjectDatabase.CreateBlob(stream, path);
        var tree = TreeDefinition.From(BaseCommit);
        tree.Add(path, blob, Mode.NonExecutableFile);
        var commit = repository.ObjectDatabase.CreateCommit(author, author, message, repository.ObjectDatabase.CreateTree(tree), [BaseCommit], prettifyMessage: true);
        repository.Branches.Add(branch, commit);
        return commit;
    }

    /// <summary>
    /// Pushes <paramref name="branch"/> to origin as a new branch (never forced). An https origin gets the token as
    /// <c>x-access-token</c>; an ssh origin, when this git has no ssh, is pushed over https to the same host.
    /// Returns why origin refused it, or null when it took it.
    /// </summary>
    /// <exception cref="LibGit2SharpException">origin could not be reached or spoken to.</exception>
    public string? Push(string branch, string? token)
    {
        var url = Origin.IsSsh && !GlobalSettings.Version.Features.HasFlag(BuiltInFeatures.Ssh) && Origin.HttpsUrl is { } https ? https : null;
        var remote = url is null ? repository.Network.Remotes[Remote] : repository.Network.Remotes.Add("gitjit-push-" + Guid.NewGuid().ToString("N"), url);
        string? refusal = null;
        var options = new PushOptions
        {
            CredentialsProvider = token is null ? null : (_, _, _) => new UsernamePasswordCredentials { Username = "x-access-token", Password = token },
            OnPushStatusError = error => refusal = $"origin refused {error.Reference}: {error.Message?.TrimEnd(' ', ':', '.')}",
        };
        try
        {
            repository.Network.Push(remote, $"refs/heads/{branch}:refs/heads/{branch}", options);
        }
        catch (NonFastForwardException)
        {
            return $"origin already has a branch {branch} with other commits";
        }
        finally
        {
            if (url is not null) repository.Network.Remotes.Remove(remote.Name);
        }
        return refusal;
    }

    /// <summary>Removes the local branch, after a push that did not happen.</summary>
    public void DeleteBranch(string branch)
    {
        if (repository.Branches[branch] is { } local) repository.Branches.Remove(local);
    }

    /// <summary>The signature from git's configuration (user.name, user.email), else one from the GitHub login.</summary>
    public Signature Signature(string login, DateTimeOffset now) =>
        repository.Config.BuildSignature(now) ?? new Signature(login, $"{login}@users.noreply.github.com", now);

    public void Dispose() => repository.Dispose();

    private static string? DefaultBranchOf(Repository repository)
    {
        if (repository.Refs[$"refs/remotes/{Remote}/HEAD"] is SymbolicReference { TargetIdentifier: var target }
            && target.StartsWith($"refs/remotes/{Remote}/", StringComparison.Ordinal))
        {
            return target[$"refs/remotes/{Remote}/".Length..];
        }
        return LikelyDefaults.FirstOrDefault(b => repository.Branches[$"{Remote}/{b}"] is not null || repository.Branches[b] is not null);
    }
}
