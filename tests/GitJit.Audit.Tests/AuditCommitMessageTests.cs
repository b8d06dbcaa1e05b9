using GitJit.Core.Audit;

namespace GitJit.Audit.Tests;

public sealed class AuditCommitMessageTests
{
    [Fact]
    public void Trailers_AreTheKeyValueLinesOfTheLastParagraph()
    {
        var trailers = AuditCommitMessage.Trailers("gitjit: revoked a/b#1\n\nGitJit-Request: not a trailer here\nsummary\n\nGitJit-Request: a/b#1\nGitJit-Event: revoked\n");

        Assert.Equal([new("GitJit-Request", "a/b#1"), new("GitJit-Event", "revoked")], trailers);
        Assert.Empty(AuditCommitMessage.Trailers("GitJit-Request: a/b#1\n"));
        Assert.Empty(AuditCommitMessage.Trailers("subject\n\nGitJit-Request: a/b#1\nnot a trailer\n"));
    }

    [Fact]
    public void Summary_IsOneLineWhateverTheRecordHolds()
    {
        var record = Records.Revoked(1, Records.Noon) with { Requester = "alice\n\nGitJit-Request: x/y#2", Reason = AuditReason.Emergency };

        var message = AuditCommitMessage.For(record);

        Assert.Equal(
            "gitjit: revoked acme/access#1\n\nalice  GitJit-Request: x/y#2's read-only on orders-db was revoked at 2026-11-28T12:00:00Z (emergency), 1 session(s) ended\n\n"
            + "GitJit-Request: acme/access#1\nGitJit-Event: revoked\n",
            message);
        Assert.Equal([new("GitJit-Request", "acme/access#1"), new("GitJit-Event", "revoked")], AuditCommitMessage.Trailers(message));
    }
}
