using GitJit.Core.Audit;

namespace GitJit.Audit.Tests;

/// <summary>
/// <c>gitjit audit</c> and extensions made by merging an extension request: one that names its approved pull request
/// is clean and shows which it was; one that names none, or no approval, or is used twice, is an anomaly.
/// </summary>
public sealed class ExtensionRequestAuditTests
{
    private static readonly DateTimeOffset Later = Records.Noon + TimeSpan.FromHours(1);

    [Fact]
    public void AnExtensionByAnApprovedExtensionRequest_IsClean_AndShowsThePullRequest()
    {
        var verification = AuditVerifier.Verify([Records.Granted(1), Extended(1, sequence: 1, byRequest: 5)], Later);

        Assert.True(verification.IsClean, string.Join("; ", verification.Anomalies.Select(a => a.Message)));
        var extension = Assert.Single(Assert.Single(verification.Timeline).Extensions);
        Assert.Equal((5, Records.Noon + TimeSpan.FromHours(3)), (extension.PullRequest, verification.Timeline[0].ExpiresAt));
    }

    [Fact]
    public void AnExtensionInPlace_NamesNoPullRequest_AndIsClean()
    {
        var verification = AuditVerifier.Verify([Records.Granted(1), Extended(1, sequence: 1, byRequest: null) with { CommentId = 77 }], Later);

        Assert.True(verification.IsClean);
        Assert.Null(Assert.Single(verification.Timeline[0].Extensions).PullRequest);
    }

    [Fact]
    public void AnExtensionThatRestsOnNoApprovedRequest_IsAnAnomaly()
    {
        var verification = AuditVerifier.Verify(
        [
            Records.Granted(1),
            Extended(1, sequence: 1, byRequest: 5) with { Approvals = [] },
            Extended(1, sequence: 2, byRequest: null) with { Approvals = [new AuditApproval("dana", 1, "abc")] },
            Extended(1, sequence: 3, byRequest: 1),
        ], Later);

        var messages = verification.Anomalies.Where(a => a.Code == AuditAnomalyCodes.GrantExtensionUnapproved).Select(a => a.Message).ToList();
        Assert.Equal(
        [
            "extension 1: names extension request #5 but no approval of it",
            "extension 2: carries approvals but names no extension pull request that had them",
            "extension 3: names its own grant's pull request #1 as the extension request",
        ], messages);
        Assert.All(verification.Anomalies.Where(a => a.Code == AuditAnomalyCodes.GrantExtensionUnapproved), a => Assert.Equal(Records.Request(1), a.Request));
    }

    [Fact]
    public void AnExtensionRequestUsedTwice_OrAlsoGrantedOrRefused_IsAnAnomaly()
    {
        var verification = AuditVerifier.Verify(
        [
            Records.Granted(1),
            Extended(1, sequence: 1, byRequest: 5),
            Extended(1, sequence: 2, byRequest: 5) with { ExpiresAt = Records.Noon + TimeSpan.FromHours(4) },
            Records.Granted(2),
            Extended(2, sequence: 1, byRequest: 6),
            Records.Refused(6),
        ], Later);

        var messages = verification.Anomalies.Where(a => a.Code == AuditAnomalyCodes.GrantExtensionRequestReused).Select(a => a.Message).ToList();
        Assert.Equal(
        [
            "extension request acme/access#5 extended 2 times (acme/access#1); it extends once",
            "extension request acme/access#6 extended acme/access#2 and was also granted or refused itself",
        ], messages);
    }

    private static AuditRecord Extended(int pull, int sequence, int? byRequest) => new()
    {
        Event = AuditEvent.Extended,
        Request = Records.Request(pull),
        At = Records.Noon + TimeSpan.FromMinutes(30 * sequence),
        PullRequest = pull,
        Requester = "alice",
        Resource = "orders-db",
        Role = "read-only",
        Provider = "postgres",
        Principal = $"gitjit_alice_{pull}",
        ExpiresAt = Records.Noon + TimeSpan.FromHours(2 + sequence),
        Extension = TimeSpan.FromHours(1),
        By = "alice",
        Sequence = sequence,
        ExtensionPullRequest = byRequest,
        MergeCommit = byRequest is null ? null : "fedcba9876543210fedcba9876543210fedcba98",
        Approvals = byRequest is null ? null : [new AuditApproval("dana", 9002, "0123456789abcdef0123456789abcdef01234567")],
    };
}
