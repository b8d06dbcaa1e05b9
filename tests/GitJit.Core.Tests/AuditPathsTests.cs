using GitJit.Core.Audit;

namespace GitJit.Core.Tests;

public sealed class AuditPathsTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(AuditEvent.Granted, null, "audit/7/granted.json")]
    [InlineData(AuditEvent.Refused, null, "audit/7/refused.json")]
    [InlineData(AuditEvent.Revoked, null, "audit/7/revoked.json")]
    [InlineData(AuditEvent.OrphanRevoked, null, "audit/7/orphan-revoked.json")]
    [InlineData(AuditEvent.CredentialsIssued, 1, "audit/7/credentials-issued-1.json")]
    [InlineData(AuditEvent.CredentialsIssued, 12, "audit/7/credentials-issued-12.json")]
    [InlineData(AuditEvent.Extended, 1, "audit/7/extended-1.json")]
    [InlineData(AuditEvent.Extended, 3, "audit/7/extended-3.json")]
    public void For_ARecord_IsItsPath_AndReadsBack(AuditEvent auditEvent, int? sequence, string path)
    {
        var record = Record(auditEvent, sequence);

        Assert.Equal(path, AuditPaths.For(record));
        Assert.True(AuditPaths.TryParse(path, out var pullRequest, out var parsedEvent, out var parsedSequence));
        Assert.Equal((7, auditEvent, sequence), (pullRequest, parsedEvent, parsedSequence));
    }

    [Fact]
    public void For_WithNumbers_NamesTheSameFiles()
    {
        Assert.Equal("audit/42/credentials-issued-3.json", AuditPaths.For(42, AuditEvent.CredentialsIssued, 3));
        Assert.Equal("audit/42/revoked.json", AuditPaths.For(42, AuditEvent.Revoked));
        Assert.Equal("audit/999999999/credentials-issued-999999999.json", AuditPaths.For(AuditPaths.MaxNumber, AuditEvent.CredentialsIssued, AuditPaths.MaxNumber));
        Assert.Equal("credentials-issued", AuditPaths.Name(AuditEvent.CredentialsIssued));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1_000_000_000)]
    public void For_ACredentialsIssuedRecordWithoutAValidSequence_IsRefused(int? sequence)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => AuditPaths.For(Record(AuditEvent.CredentialsIssued, sequence)));

        Assert.Contains(sequence is null ? "has no sequence" : "sequence", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void For_MixingUpEventsAndSequences_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => AuditPaths.For(Record(AuditEvent.Granted, 1)));
        Assert.Throws<ArgumentException>(() => AuditPaths.For(7, AuditEvent.CredentialsIssued));
        Assert.Throws<ArgumentException>(() => AuditPaths.For(7, AuditEvent.Revoked, 1));
        Assert.Throws<ArgumentException>(() => AuditPaths.For(Record(AuditEvent.Granted, null) with { PullRequest = null }));
        Assert.ThrowsAny<ArgumentException>(() => AuditPaths.For(0, AuditEvent.Granted));
    }

    [Theory]
    [InlineData("audit/7/credentials-issued.json")]
    [InlineData("audit/7/credentials-issued-0.json")]
    [InlineData("audit/7/credentials-issued-01.json")]
    [InlineData("audit/7/credentials-issued-1000000000.json")]
    [InlineData("audit/7/credentials-issued--1.json")]
    [InlineData("audit/7/credentials-issued-1.json.bak")]
    [InlineData("audit/7/credentials-issued-1")]
    [InlineData("audit/7/granted-1.json")]
    [InlineData("audit/7/extended.json")]
    [InlineData("audit/7/extended-0.json")]
    [InlineData("audit/07/credentials-issued-1.json")]
    [InlineData("audit/7/x/credentials-issued-1.json")]
    [InlineData("audit/7/credentials-issued-1.json\n")]
    [InlineData("audit/7/credentials-issued-١.json")]
    public void TryParse_OfAnythingElse_IsFalse(string path)
    {
        Assert.False(AuditPaths.TryParse(path, out _, out _, out var sequence));
        Assert.Null(sequence);
    }

    private static AuditRecord Record(AuditEvent auditEvent, int? sequence) => new()
    {
        Event = auditEvent,
        Request = "acme/access#7",
        At = Noon,
        PullRequest = 7,
        Sequence = sequence,
    };
}
