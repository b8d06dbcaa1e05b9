using System.Globalization;
using LibGit2Sharp;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// Commits as a person does in GitHub's web editor, and merges as its merge button does. A repository with a
/// <see cref="FakeRepository.GitDirectory"/> gets real git commits there (authored by the person, with a message, so
/// <c>git log</c> shows them beside what the bot pushed), which the stand-in then takes in; any other gets the stand-in's
/// own commits. Call under the gate.
/// </summary>
internal static class RepositoryWrites
{
    /// <summary>Commits <paramref name="content"/> at <paramref name="path"/> on top of <paramref name="parentSha"/> and moves <paramref name="branch"/> there.</summary>
    public static string CommitFile(FakeRepository repository, string branch, string parentSha, string path, byte[] content, string login, string message)
    {
        if (repository.GitDirectory is not { } directory)
        {
            var sha = repository.CommitUnlocked(repository.RequireCommit(parentSha).Clone().With(path, content), [parentSha]);
            repository.MoveBranch(branch, sha);
            return sha;
        }

        string created;
        using (var git = new Repository(directory))
        {
            var parent = git.Lookup<Commit>(parentSha) ?? throw new InvalidOperationException($"No commit {parentSha} in {directory}.");
            var tree = TreeDefinition.From(parent);
            using var stream = new MemoryStream(content);
            tree.Add(path, git.ObjectDatabase.CreateBlob(stream), Mode.NonExecutableFile);
            var signature = Signature(repository.State, login);
            var commit = git.ObjectDatabase.CreateCommit(signature, signature, message, git.ObjectDatabase.CreateTree(tree), [parent], prettifyMessage: true);
            GitCommits.MoveBranch(git, branch, commit.Id, "commit (sandbox): " + message);
            created = commit.Sha;
        }
        repository.ImportFromGitUnlocked();
        return created;
    }

    /// <summary>Merges <paramref name="pullRequest"/> with a merge commit by <paramref name="login"/>, as GitHub's "Merge pull request" does.</summary>
    /// <exception cref="InvalidOperationException">It is closed, or conflicts with its base branch.</exception>
    public static string Merge(FakePullRequest pullRequest, string login)
    {
        var repository = pullRequest.Repository;
        if (repository.GitDirectory is not { } directory) return pullRequest.Merge(FakeMergeMethod.Merge);
        if (!pullRequest.IsOpen) throw new InvalidOperationException($"Pull request #{pullRequest.Number} is closed.");

        string merged;
        using (var git = new Repository(directory))
        {
            var onto = git.Branches[pullRequest.BaseRef]?.Tip ?? throw new InvalidOperationException($"No branch {pullRequest.BaseRef} in {directory}.");
            var head = git.Lookup<Commit>(pullRequest.HeadSha) ?? throw new InvalidOperationException($"No commit {pullRequest.HeadSha} in {directory}.");
            var result = git.ObjectDatabase.MergeCommits(onto, head, new MergeTreeOptions());
            if (result.Status != MergeTreeStatus.Succeeded)
            {
                throw new InvalidOperationException($"Pull request #{pullRequest.Number} conflicts with {pullRequest.BaseRef}.");
            }
            var message = string.Create(CultureInfo.InvariantCulture, $"Merge pull request #{pullRequest.Number} from {pullRequest.HeadRepository.Owner}/{pullRequest.HeadRef}\n\n{pullRequest.Title}");
            var author = Signature(repository.State, login);
            var committer = new Signature("GitHub", "noreply@github.com", author.When);
            var commit = git.ObjectDatabase.CreateCommit(author, committer, message, result.Tree, [onto, head], prettifyMessage: true);
            GitCommits.MoveBranch(git, pullRequest.BaseRef, commit.Id, "merge (sandbox): pull request #" + pullRequest.Number.ToString(CultureInfo.InvariantCulture));
            merged = commit.Sha;
        }
        repository.ImportFromGitUnlocked();
        pullRequest.Merge(merged);
        return merged;
    }

    /// <summary>The person as git names them: display name (else login) and GitHub's no-reply address.</summary>
    private static Signature Signature(FakeGitHubState state, string login)
    {
        var name = state.Users.TryGetValue(login, out var user) && !string.IsNullOrWhiteSpace(user.Name) ? user.Name : login;
        var email = user?.Email ?? string.Create(CultureInfo.InvariantCulture, $"{state.UserId(login)}+{login}@users.noreply.github.com");
        return new Signature(name, email, state.Time.GetUtcNow());
    }
}
