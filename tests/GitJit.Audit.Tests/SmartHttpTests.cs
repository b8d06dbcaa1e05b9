using System.Text;

namespace GitJit.Audit.Tests;

/// <summary>The https path (token, smart protocol, server-side rejection) against git's own server on loopback.</summary>
public sealed class SmartHttpTests
{
    private const string Token = "ghs_0123456789abcdefSECRET";

    [Fact]
    public async Task Append_OverSmartHttp_AuthenticatesAsXAccessTokenAndLands()
    {
        using var remote = new BareRemote();
        await using var server = new SmartHttpGitServer(Path.GetDirectoryName(remote.Path)!, Token);
        var https = new AuditRemote(server.BaseUrl + "access.git", BareRemote.Branch, Token);

        var appends = await remote.NewLog(TimeProvider.System).AppendAsync(https, [Records.Granted(42)], CancellationToken.None);

        using var repository = remote.Open();
        Assert.Equal(BareRemote.Inspect(repository).Tip, Assert.Single(appends).CommitId);
        Assert.Contains("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + Token)), server.Authorizations);
    }

    [Fact]
    public async Task Append_WhenTheBranchMovesDuringThePush_IsRejectedByTheServer_ThenRebuiltAndLands()
    {
        using var remote = new BareRemote();
        // Another writer wins the race: while the server checks our push, the branch moves under it (once).
        var hook = Path.Combine(remote.Path, "hooks", "pre-receive");
        await File.WriteAllTextAsync(hook, """
            #!/bin/sh
            cat > /dev/null
            [ -f "$GIT_DIR/raced" ] && exit 0
            touch "$GIT_DIR/raced"
            unset GIT_QUARANTINE_PATH GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES
            export GIT_AUTHOR_NAME=other GIT_AUTHOR_EMAIL=other@example.com GIT_COMMITTER_NAME=other GIT_COMMITTER_EMAIL=other@example.com
            other=$(git commit-tree -p refs/heads/main -m "another writer" "refs/heads/main^{tree}")
            git update-ref refs/heads/main "$other"
            exit 0

            """.ReplaceLineEndings("\n"));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await using var server = new SmartHttpGitServer(Path.GetDirectoryName(remote.Path)!, Token);
        var https = new AuditRemote(server.BaseUrl + "access.git", BareRemote.Branch, Token);

        var appends = await remote.NewLog(TimeProvider.System).AppendAsync(https, [Records.Granted(1), Records.Granted(2)], CancellationToken.None);

        using var repository = remote.Open();
        var (tip, history, _) = BareRemote.Inspect(repository);
        Assert.True(File.Exists(Path.Combine(remote.Path, "raced")));
        Assert.Equal(["gitjit: granted acme/access#2", "gitjit: granted acme/access#1", "another writer", "Start the access repository"], history.Select(c => c.MessageShort));
        Assert.Equal(appends[^1].CommitId, tip);
    }

    [Fact]
    public async Task Append_WithAWrongToken_FailsWithoutShowingAnyToken()
    {
        using var remote = new BareRemote();
        await using var server = new SmartHttpGitServer(Path.GetDirectoryName(remote.Path)!, Token);
        var wrong = new AuditRemote(server.BaseUrl + "access.git", BareRemote.Branch, "ghs_WRONGWRONGWRONG");

        var error = await Assert.ThrowsAsync<AuditLogException>(() => remote.NewLog(TimeProvider.System).AppendAsync(wrong, [Records.Granted(1)], CancellationToken.None));

        Assert.StartsWith($"fetching from {server.BaseUrl}access.git (main) failed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("WRONG", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", error.ToString(), StringComparison.Ordinal);
        using var repository = remote.Open();
        Assert.Single(BareRemote.Inspect(repository).History);
    }
}
