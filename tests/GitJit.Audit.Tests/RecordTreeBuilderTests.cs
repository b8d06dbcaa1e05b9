using LibGit2Sharp;

namespace GitJit.Audit.Tests;

public sealed class RecordTreeBuilderTests
{
    [Fact]
    public async Task Trees_AreTheOnesLibgit2Builds()
    {
        using var remote = new BareRemote();
        // Names that sort differently as bytes, as folders ('/') and as files: git's order is easy to get wrong.
        remote.CommitOnBranch("Neighbours\n", new Dictionary<string, string?>
        {
            ["audit-notes"] = "-\n", ["audit.md"] = ".\n", ["audit0"] = "0\n", ["audit/1/granted.json.bak"] = "x\n", ["audit/10/x"] = "x\n",
            ["audit/1-old"] = "x\n", ["audit/2/granted.json"] = "x\n", ["é/x"] = "x\n",
        });
        var records = new[] { Records.Granted(1), Records.Revoked(1, Records.Noon), Records.Granted(10), Records.Granted(100), Records.Refused(9) };

        var appends = await remote.NewLog(TimeProvider.System).AppendAsync(remote.Remote, records, CancellationToken.None);

        using var repository = remote.Open();
        foreach (var append in appends)
        {
            var commit = repository.Lookup<Commit>(append.CommitId);
            var expected = TreeDefinition.From(commit.Parents.Single());
            expected.Add(append.Path, (Blob)commit[append.Path].Target, Mode.NonExecutableFile);
            Assert.Equal(repository.ObjectDatabase.CreateTree(expected).Sha, commit.Tree.Sha);
        }
    }
}
