using GitJit.Core.Audit;
using GitJit.Core.Model;

namespace GitJit.Audit.Tests;

/// <summary>Audit records for tests: a grant's story at fixed times.</summary>
internal static class Records
{
    public static DateTimeOffset Noon { get; } = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    public static string Request(int pull) => $"acme/access#{pull}";

    public static AuditRecord Granted(int pull, DateTimeOffset? at = null, TimeSpan? duration = null)
    {
        var grantedAt = at ?? Noon;
        return new AuditRecord
        {
            Event = AuditEvent.Granted,
            Request = Request(pull),
            At = grantedAt,
            RequestPath = $"access-requests/orders-db/alice-{pull}.yaml",
            PullRequest = pull,
            PullRequestUrl = $"https://github.com/acme/access/pull/{pull}",
            MergeCommit = "0123456789abcdef0123456789abcdef01234567",
            Requester = "alice",
            Approvals = [new AuditApproval("dana", 9001, "89abcdef0123456789abcdef0123456789abcdef")],
            Resource = "orders-db",
            Role = "read-only",
            Provider = "postgres",
            Principal = $"gitjit_alice_{pull}",
            Guardrails = new Guardrails { Privileges = ["select"], Schemas = ["public"], StatementTimeout = TimeSpan.FromSeconds(30), MaxConnections = 2 },
            GrantedAt = grantedAt,
            ExpiresAt = grantedAt + (duration ?? TimeSpan.FromHours(2)),
        };
    }

    public static AuditRecord Revoked(int pull, DateTimeOffset at, AuditReason reason = AuditReason.Expired) => new()
    {
        Event = AuditEvent.Revoked,
        Request = Request(pull),
        At = at,
        PullRequest = pull,
        Requester = "alice",
        Resource = "orders-db",
        Role = "read-only",
        Principal = $"gitjit_alice_{pull}",
        RevokedAt = at,
        Reason = reason,
        By = "gitjit",
        SessionsEnded = 1,
    };

    public static AuditRecord Refused(int pull, DateTimeOffset? at = null) => new()
    {
        Event = AuditEvent.Refused,
        Request = Request(pull),
        At = at ?? Noon,
        PullRequest = pull,
        Requester = "alice",
        Resource = "orders-db",
        Role = "write",
        Reason = AuditReason.Refused,
        Problems = ["pr.merged-without-approval: merged with 0 of 2 approvals"],
    };

    public static AuditRecord OrphanRevoked(int pull, DateTimeOffset at, DateTimeOffset? expiresAt = null) => new()
    {
        Event = AuditEvent.OrphanRevoked,
        Request = Request(pull),
        At = at,
        PullRequest = pull,
        Resource = "orders-db",
        Principal = $"gitjit_alice_{pull}",
        ExpiresAt = expiresAt,
        RevokedAt = at,
        Reason = AuditReason.Orphan,
        By = "gitjit",
    };

    public static AuditRecord CredentialsIssued(int pull, int sequence, DateTimeOffset at) => new()
    {
        Event = AuditEvent.CredentialsIssued,
        Request = Request(pull),
        At = at,
        PullRequest = pull,
        Requester = "alice",
        Resource = "orders-db",
        Role = "read-only",
        Provider = "postgres",
        Principal = $"gitjit_alice_{pull}",
        ExpiresAt = Noon.AddHours(2),
        By = "alice",
        Sequence = sequence,
    };
}
