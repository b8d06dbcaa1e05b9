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

    [Fact]
    public void For_ACredentialsIssuedRecord_SaysWhoseAndWhichReveal_WithTheUsualTrailers()
    {
        var message = AuditCommitMessage.For(Records.CredentialsIssued(7, 2, Records.Noon.AddMinutes(30)));

        Assert.Equal(
            "gitjit: credentials-issued acme/access#7\n\ncredentials for acme/access#7 (read-only on orders-db) issued to alice at 2026-11-28T12:30:00Z (reveal 2)\n\n"
            + "GitJit-Request: acme/access#7\nGitJit-Event: credentials-issued\n",
            message);
        Assert.Equal([new("GitJit-Request", "acme/access#7"), new("GitJit-Event", "credentials-issued")], AuditCommitMessage.Trailers(message));
    }

    [Fact]
    public void Summary_OfARevocation_CountsTheCredentialsIssued()
    {
        Assert.Equal(
            "alice's read-only on orders-db was revoked at 2026-11-28T14:00:00Z (expired), 1 session(s) ended, credentials issued 3 time(s)",
            AuditCommitMessage.Summary(Records.Revoked(7, Records.Noon.AddHours(2)) with { CredentialsIssued = 3 }));
        Assert.Equal(
            "access of gitjit_alice_7 on orders-db with no active grant was revoked at 2026-11-28T14:00:00Z, credentials issued 0 time(s)",
            AuditCommitMessage.Summary(Records.OrphanRevoked(7, Records.Noon.AddHours(2)) with { CredentialsIssued = 0 }));
        Assert.Equal(
            "credentials for acme/access#7 (read-only on orders-db) issued to alice at 2026-11-28T12:00:00Z",
            AuditCommitMessage.Summary(Records.CredentialsIssued(7, 1, Records.Noon) with { Sequence = null }));
    }
}
