using GitJit.Sandbox.GitHub;
using Octokit;

namespace GitJit.GitHub.Tests.FakeGitHub;

public sealed class ContentTests
{
    [Fact]
    public async Task GetAllContentsByRef_File_DecodesItsContentAtThatCommit()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        var repository = server.AddRepository("acme", "access");
        var text = string.Concat(Enumerable.Repeat("role: database-administrator\n", 10));
        var first = repository.Commit(new Dictionary<string, string> { ["policies/dba.yaml"] = text });
        repository.Commit(new Dictionary<string, string> { ["policies/dba.yaml"] = "changed" }, first);

        var contents = await client.Repository.Content.GetAllContentsByRef("acme", "access", "policies/dba.yaml", first);

        var file = Assert.Single(contents);
        Assert.Equal(ContentType.File, file.Type.Value);
        Assert.Equal(text, file.Content);
        Assert.Contains('\n', file.EncodedContent);
        Assert.Equal(("dba.yaml", "policies/dba.yaml", text.Length), (file.Name, file.Path, file.Size));
    }

    [Fact]
    public async Task GetAllContentsByRef_MissingFile_IsNotFound()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        var repository = server.AddRepository("acme", "access");
        var sha = repository.Commit(new Dictionary<string, string> { ["a.txt"] = "a" });

        await Assert.ThrowsAsync<NotFoundException>(() => client.Repository.Content.GetAllContentsByRef("acme", "access", "b.txt", sha));
    }

    [Fact]
    public async Task GetAllContentsByRef_Directory_ListsEntriesWithoutContent()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        var repository = server.AddRepository("acme", "access");
        var sha = repository.Commit(new FakeTree().With("policies/a.yaml", "a").With("policies/sub/b.yaml", "b").WithSymbolicLink("policies/link", "../elsewhere"));

        var contents = await client.Repository.Content.GetAllContentsByRef("acme", "access", "policies", sha);

        Assert.Equal(["a.yaml", "link", "sub"], contents.Select(c => c.Name));
        Assert.Equal([ContentType.File, ContentType.Symlink, ContentType.Dir], contents.Select(c => c.Type.Value));
        Assert.All(contents, c => Assert.Null(c.EncodedContent));
    }

    [Fact]
    public async Task GetAllContentsByRef_SymlinkToAFileInTheRepository_AnswersWithTheFile()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        var repository = server.AddRepository("acme", "access");
        var sha = repository.Commit(new FakeTree().With("secrets/real.yaml", "real").WithSymbolicLink("policies/link.yaml", "../secrets/real.yaml"));

        var contents = await client.Repository.Content.GetAllContentsByRef("acme", "access", "policies/link.yaml", sha);

        var file = Assert.Single(contents);
        Assert.Equal((ContentType.File, "secrets/real.yaml", "real"), (file.Type.Value, file.Path, file.Content));
    }

    [Fact]
    public async Task GetAllContentsByRef_SymlinkLeavingTheRepository_AnswersWithTheLink()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var client = await FakeGitHubClients.InstallationAsync(server);
        var repository = server.AddRepository("acme", "access");
        var sha = repository.Commit(new FakeTree().WithSymbolicLink("policies/link.yaml", "../../etc/passwd"));

        var contents = await client.Repository.Content.GetAllContentsByRef("acme", "access", "policies/link.yaml", sha);

        var link = Assert.Single(contents);
        Assert.Equal((ContentType.Symlink, "../../etc/passwd"), (link.Type.Value, link.Target));
    }
}
