namespace GitJit.Sandbox.GitHub;

/// <summary>
/// A repository: commits (full trees, by sha), branches, pull requests and their issue comments.
/// The default branch is <c>main</c>; a commit moves <c>main</c> when it is the first or its parent is main's head.
/// With a <see cref="GitDirectory"/>, the branches and commits pushed there are served too, as GitHub serves what was pushed.
/// </summary>
public sealed class FakeRepository
{
    private readonly FakeGitHubState state;
    private readonly Dictionary<string, FakeTree> commits = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string[]> parents = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> branches = new(StringComparer.Ordinal);
    private readonly HashSet<string> unprotected = new(StringComparer.Ordinal);
    private readonly HashSet<string> protectedBranches = new(StringComparer.Ordinal);
    private readonly SortedDictionary<int, FakePullRequest> pullRequests = [];
    private readonly Dictionary<int, List<FakeComment>> comments = [];
    private long commitSequence;

    internal FakeRepository(FakeGitHubState state, string owner, string name)
    {
        this.state = state;
        Owner = owner;
        Name = name;
        Id = state.NextId();
    }

    public string Owner { get; }

    public string Name { get; }

    public string FullName => Owner + "/" + Name;

    public long Id { get; }

    /// <summary>
    /// The repository this one is a fork of, or null. A fork's commits are served by its parent (GitHub shares objects
    /// across a fork network, and a pull request's head commits are readable in the base repository).
    /// </summary>
    public FakeRepository? Parent { get; internal set; }

    /// <summary>The repository's default branch (<c>default_branch</c>); <c>main</c> unless a test renames it.</summary>
    public string DefaultBranch { get; set; } = "main";

    /// <summary>
    /// The <c>clone_url</c> GitHub reports; set it to a bare repository's path on disk so the bot's git work (audit
    /// records) has a real remote. That remote's history is separate from the commits this fake serves through the API.
    /// </summary>
    public string? CloneUrl { get; set; }

    /// <summary>
    /// A bare repository on disk that holds this repository's git content, or null: then every request first takes in its
    /// branches (refs/heads/*) and their commits, with git's own ids, so that a branch pushed there can be the head of a
    /// pull request, its files read, and so on. For a branch git has, git's tip wins over one set through this fake.
    /// Point a clone's <c>origin</c> (and <see cref="CloneUrl"/>) at it.
    /// </summary>
    public string? GitDirectory { get; set; }

    /// <summary>
    /// Whether every commit and branch move made through this fake is written to <see cref="GitDirectory"/> too, so that
    /// it holds the one history: what people merge in the stand-in and what a bot pushes there (the sandbox). Commits then
    /// have git's own ids. Off by default: tests keep the fake's history apart from the remote they push to.
    /// </summary>
    public bool WritesToGit { get; set; }

    internal FakeGitHubState State => state;

    /// <summary>Takes in the branches and commits of <see cref="GitDirectory"/>, if any; under the state's lock.</summary>
    internal void ImportFromGitUnlocked()
    {
        if (GitDirectory is null) return;
        using var git = new LibGit2Sharp.Repository(GitDirectory);
        foreach (var reference in git.Refs.FromGlob("refs/heads/*"))
        {
            if (reference.ResolveToDirectReference()?.Target is not LibGit2Sharp.Commit tip) continue;
            var branch = reference.CanonicalName["refs/heads/".Length..];
            // Asked on every request: a tip taken in before brings its whole history with it, so nothing is walked again.
            if (commits.ContainsKey(tip.Sha))
            {
                branches[branch] = tip.Sha;
                continue;
            }
            var filter = new LibGit2Sharp.CommitFilter
            {
                IncludeReachableFrom = tip,
                SortBy = LibGit2Sharp.CommitSortStrategies.Topological | LibGit2Sharp.CommitSortStrategies.Reverse,
            };
            foreach (var commit in git.Commits.QueryBy(filter).Where(c => !commits.ContainsKey(c.Sha)))
            {
                var tree = new FakeTree();
                AddGitTree(commit.Tree, "", tree);
                commits[commit.Sha] = tree;
                parents[commit.Sha] = [.. commit.Parents.Select(p => p.Sha)];
            }
            branches[branch] = tip.Sha;
        }
    }

    private static void AddGitTree(LibGit2Sharp.Tree gitTree, string prefix, FakeTree into)
    {
        foreach (var entry in gitTree)
        {
            var path = prefix + entry.Name;
            switch (entry.Target)
            {
                case LibGit2Sharp.Tree child:
                    AddGitTree(child, path + "/", into);
                    break;
                case LibGit2Sharp.Blob blob when entry.Mode == LibGit2Sharp.Mode.SymbolicLink:
                    into.WithSymbolicLink(path, blob.GetContentText());
                    break;
                case LibGit2Sharp.Blob blob:
                    using (var stream = blob.GetContentStream())
                    {
                        var content = new byte[blob.Size];
                        stream.ReadExactly(content);
                        into.With(path, content);
                    }
                    break;
            }
        }
    }

    public string Commit(IReadOnlyDictionary<string, string> files, string? parent = null) => Commit(FakeTree.From(files), parent);

    /// <summary>Records <paramref name="tree"/> as the whole content of a new commit and returns its 40-hex sha.</summary>
    public string Commit(FakeTree tree, string? parent = null)
    {
        lock (state.Gate)
        {
            var sha = CommitUnlocked(tree, parent is null ? [] : [parent]);
            if (!branches.TryGetValue(DefaultBranch, out var main) || main == parent) MoveBranch(DefaultBranch, sha);
            return sha;
        }
    }

    /// <summary>
    /// Records a commit with the given parents (a merge commit has two, the branch merged onto first) without moving any
    /// branch, as <c>git commit-tree</c> does; its 40-hex sha.
    /// </summary>
    public string CommitWithParents(FakeTree tree, params string[] commitParents)
    {
        lock (state.Gate) return CommitUnlocked(tree, commitParents);
    }

    internal string CommitUnlocked(FakeTree tree, string[] commitParents)
    {
        foreach (var parent in commitParents)
        {
            if (!commits.ContainsKey(parent)) throw new ArgumentException($"No commit {parent} in {FullName}.", nameof(commitParents));
        }
        var sha = WritesToGit && GitDirectory is not null
            ? GitCommits.Write(GitDirectory, tree, commitParents, state.Time.GetUtcNow())
            : GitObjectId.Commit(tree, string.Join(' ', commitParents), ++commitSequence);
        commits[sha] = tree.Clone();
        parents[sha] = [.. commitParents];
        return sha;
    }

    /// <summary>A copy of the tree at <paramref name="sha"/>, to build the next commit from.</summary>
    public FakeTree TreeAt(string sha)
    {
        lock (state.Gate) return RequireCommit(sha).Clone();
    }

    /// <summary>
    /// Whether <paramref name="branch"/> is protected: the default branch is, unless <see cref="Unprotect"/> was called;
    /// another branch only once <see cref="Protect"/> was.
    /// </summary>
    public bool IsProtected(string branch)
    {
        lock (state.Gate) return IsProtectedUnlocked(branch);
    }

    /// <summary>Adds a branch protection rule for <paramref name="branch"/>.</summary>
    public void Protect(string branch)
    {
        lock (state.Gate)
        {
            unprotected.Remove(branch);
            protectedBranches.Add(branch);
        }
    }

    /// <summary>Removes every protection from <paramref name="branch"/>.</summary>
    public void Unprotect(string branch)
    {
        lock (state.Gate)
        {
            protectedBranches.Remove(branch);
            unprotected.Add(branch);
        }
    }

    internal bool IsProtectedUnlocked(string branch) =>
        protectedBranches.Contains(branch) || (branch == DefaultBranch && !unprotected.Contains(branch));

    public void SetBranch(string branch, string sha)
    {
        lock (state.Gate)
        {
            RequireCommit(sha);
            MoveBranch(branch, sha);
        }
    }

    /// <summary>
    /// Opens a pull request from a new branch at <paramref name="headSha"/> into <paramref name="baseRef"/> (default: the
    /// default branch), whose tip <paramref name="baseSha"/> is; a base branch that does not exist yet is created there.
    /// The head branch is in this repository, or in <paramref name="headRepository"/>, a fork of it (the commits are
    /// still made in this repository, as GitHub serves a fork's pull request commits from the base repository).
    /// </summary>
    public FakePullRequest OpenPullRequest(
        string author, string baseSha, string headSha, string title = "Request access", string? headRef = null, string? baseRef = null, FakeRepository? headRepository = null)
    {
        lock (state.Gate)
        {
            ImportFromGitUnlocked();
            RequireCommit(baseSha);
            RequireCommit(headSha);
            headRepository ??= this;
            if (headRepository != this && headRepository.Parent != this) throw new ArgumentException($"{headRepository.FullName} is not a fork of {FullName}.", nameof(headRepository));
            var number = pullRequests.Count + 1;
            baseRef ??= DefaultBranch;
            if (!branches.ContainsKey(baseRef)) MoveBranch(baseRef, baseSha);
            var pullRequest = new FakePullRequest(this, number, author, title, baseSha, headSha, headRef ?? $"access/{number}", baseRef, headRepository);
            pullRequests.Add(number, pullRequest);
            headRepository.MoveBranch(pullRequest.HeadRef, headSha);
            return pullRequest;
        }
    }

    /// <summary>
    /// POST …/pulls: a pull request by <paramref name="author"/> from the existing branch <paramref name="headRef"/> of
    /// <paramref name="headRepository"/> into the existing branch <paramref name="baseRef"/>, at their current tips.
    /// </summary>
    internal FakePullRequest OpenPullRequestUnlocked(string author, string title, string? body, string headRef, string baseRef, FakeRepository headRepository)
    {
        var baseSha = branches[baseRef];
        var headSha = headRepository.branches[headRef];
        var pullRequest = new FakePullRequest(this, pullRequests.Count + 1, author, title, baseSha, headSha, headRef, baseRef, headRepository) { Body = body };
        pullRequests.Add(pullRequest.Number, pullRequest);
        return pullRequest;
    }

    /// <summary>Every pull request, by number.</summary>
    internal IEnumerable<FakePullRequest> PullRequestsUnlocked => pullRequests.Values;

    /// <summary>Every pull request, by number: those a test opened and those opened through the API.</summary>
    public IReadOnlyList<FakePullRequest> PullRequests
    {
        get { lock (state.Gate) return [.. pullRequests.Values]; }
    }

    /// <summary>A person (or another bot, "name[bot]") comments on pull request <paramref name="number"/>, as in GitHub's web UI.</summary>
    public FakeComment Comment(int number, string author, string body)
    {
        lock (state.Gate)
        {
            if (FindPullRequest(number) is null) throw new ArgumentException($"No pull request #{number} in {FullName}.", nameof(number));
            var comment = new FakeComment(state.NextId(), number, author, body, state.Time.GetUtcNow());
            CommentsOn(number).Add(comment);
            return comment;
        }
    }

    /// <summary>Deletes every comment on <paramref name="number"/>, as if they had never been posted.</summary>
    public void ClearComments(int number)
    {
        lock (state.Gate) CommentsOn(number).Clear();
    }

    /// <summary>Comments on issue or pull request <paramref name="number"/>, oldest first.</summary>
    public IReadOnlyList<FakeComment> Comments(int number)
    {
        lock (state.Gate) return comments.TryGetValue(number, out var list) ? [.. list] : [];
    }

    internal FakeTree? FindTree(string shaOrBranch)
    {
        if (branches.TryGetValue(shaOrBranch, out var head)) shaOrBranch = head;
        return commits.GetValueOrDefault(shaOrBranch);
    }

    /// <summary>The parents of commit <paramref name="sha"/>, first parent first (none for a root commit); the commit must exist.</summary>
    internal IReadOnlyList<string> ParentsOf(string sha) => parents[sha];

    /// <summary>Every branch and its tip.</summary>
    internal IReadOnlyDictionary<string, string> BranchesUnlocked => branches;

    /// <summary>The tip of <paramref name="branch"/>, or null when there is no such branch.</summary>
    internal string? BranchTip(string branch) => branches.GetValueOrDefault(branch);

    /// <summary>Every commit reachable from <paramref name="sha"/>, itself included, nearest first (breadth-first over all parents).</summary>
    internal List<string> Ancestry(string sha)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { sha };
        var order = new List<string> { sha };
        for (var i = 0; i < order.Count; i++)
        {
            foreach (var parent in parents[order[i]])
            {
                if (seen.Add(parent)) order.Add(parent);
            }
        }
        return order;
    }

    /// <summary>The nearest common ancestor of two commits (as <c>git merge-base</c> finds it on simple histories), or null.</summary>
    internal string? MergeBase(string one, string other)
    {
        var ofOne = new HashSet<string>(Ancestry(one), StringComparer.OrdinalIgnoreCase);
        return Ancestry(other).FirstOrDefault(ofOne.Contains);
    }

    internal bool HasCommit(string sha) => commits.ContainsKey(sha);

    internal string ResolveRef(string shaOrBranch) => branches.GetValueOrDefault(shaOrBranch, shaOrBranch);

    internal FakeTree RequireCommit(string sha) =>
        commits.TryGetValue(sha, out var tree) ? tree : throw new ArgumentException($"No commit {sha} in {FullName}.", nameof(sha));

    internal void MoveBranch(string branch, string sha)
    {
        branches[branch] = sha;
        if (WritesToGit && GitDirectory is not null) GitCommits.MoveBranch(GitDirectory, branch, sha);
    }

    internal FakePullRequest? FindPullRequest(int number) => pullRequests.GetValueOrDefault(number);

    internal List<FakeComment> CommentsOn(int number)
    {
        if (!comments.TryGetValue(number, out var list)) comments[number] = list = [];
        return list;
    }

    internal FakeComment? FindComment(long id) => comments.Values.SelectMany(c => c).FirstOrDefault(c => c.Id == id);
}
