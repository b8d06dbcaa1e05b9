using GitJit.Sandbox;
using GitJit.Sandbox.GitHub;
using GitJit.Testing;
using LibGit2Sharp;

namespace GitJit.Server.Tests.Sandbox;

/// <summary>The sandbox's access repository: one git history, written by people through the stand-in and by the bot by push.</summary>
public sealed class SandboxRepositoryTests
{
    [Fact]
    public async Task The_seed_and_what_people_merge_are_commits_in_the_bare_repository_the_bot_pushes_to()
    {
        using var folder = new TemporaryDirectory();
        var seed = new TemporaryDirectory().WithExampleRepository();
        await using var github = await FakeGitHubServer.StartAsync();
        var gitDirectory = Path.Combine(folder.Path, "access.git");
        FakeRepository repository;
        using (seed) repository = SandboxRepository.Seed(github, seed.Path, gitDirectory);

        string seeded;
        using (var git = new Repository(gitDirectory))
        {
            seeded = git.Branches["main"].Tip.Sha;
            Assert.NotNull(git.Branches["main"].Tip["policies/orders-db.yaml"]);
            Assert.NotNull(git.Branches["main"].Tip[".github/CODEOWNERS"]);
        }

        // Alice's request is merged through the stand-in: the merge is git's, on main.
        var head = repository.CommitWithParents(repository.TreeAt(seeded).With("access-requests/orders-db/alice-x.yaml", "requester: alice\n"), seeded);
        var pullRequest = repository.OpenPullRequest("alice", seeded, head);
        var merge = pullRequest.Merge(FakeMergeMethod.Merge);
        using (var git = new Repository(gitDirectory))
        {
            var tip = git.Branches["main"].Tip;
            Assert.Equal(merge, tip.Sha);
            Assert.Equal([seeded, head], tip.Parents.Select(p => p.Sha));
            Assert.Equal("requester: alice\n", ((Blob)tip["access-requests/orders-db/alice-x.yaml"].Target).GetContentText());
            Assert.Equal(head, git.Branches[pullRequest.HeadRef].Tip.Sha);
        }

        // The bot pushes a record onto main: the stand-in serves it, and the next merge builds on it.
        string record;
        using (var git = new Repository(gitDirectory))
        {
            var definition = TreeDefinition.From(git.Branches["main"].Tip);
            using var content = new MemoryStream("{}"u8.ToArray());
            definition.Add("audit/1/granted.json", git.ObjectDatabase.CreateBlob(content), Mode.NonExecutableFile);
            var bot = new Signature("gitjit[bot]", "gitjit[bot]@users.noreply.github.com", DateTimeOffset.UnixEpoch);
            var commit = git.ObjectDatabase.CreateCommit(bot, bot, "granted", git.ObjectDatabase.CreateTree(definition), [git.Branches["main"].Tip], prettifyMessage: false);
            git.Refs.UpdateTarget(git.Refs["refs/heads/main"], commit.Id);
            record = commit.Sha;
        }
        using var client = new HttpClient();
        client.DefaultRequestHeaders.Authorization = new("token", github.CreatePersonalAccessToken("alice"));
        client.DefaultRequestHeaders.UserAgent.ParseAdd("test");
        var branch = await client.GetStringAsync(new Uri(github.ApiUrl, "api/v3/repos/acme/access/branches/main"));
        Assert.Contains(record, branch, StringComparison.Ordinal);
        var next = repository.CommitWithParents(repository.TreeAt(record).With("access-requests/orders-db/bob-y.yaml", "requester: bob\n"), record);
        var second = repository.OpenPullRequest("bob", record, next).Merge(FakeMergeMethod.Merge);
        using (var git = new Repository(gitDirectory))
        {
            Assert.Equal(second, git.Branches["main"].Tip.Sha);
            Assert.NotNull(git.Branches["main"].Tip["audit/1/granted.json"]);
        }
    }
}
