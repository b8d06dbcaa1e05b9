using GitJit.Core.Audit;
using GitJit.Core.Decisions;
using GitJit.Core.Grants;
using GitJit.Core.Model;
using GitJit.Server.Gateway;
using GitJit.Server.Grants;
using GitJit.Server.Hosting;
using GitJit.Server.Jobs;
using GitJit.Testing;
using Hangfire.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GitJit.Server.Tests.Units;

/// <summary>
/// The grant code on its own, with fakes for everything outside it and a fake clock: the grant workflow, the revocation
/// job and the reconciler as the server builds them, over a fake provider, an in-memory audit trail, fake comments, a
/// job client that only records, and a Hangfire storage of its own (for the pull-request locks and the reconciler's
/// look at what is scheduled). Nothing waits on the real clock.
/// </summary>
internal sealed class GrantUnit : IDisposable
{
    public const long Installation = 7;
    public const string Repository = "acme/access";
    public const string CloneUrl = "https://github.example.test/acme/access.git";

    /// <summary>Three quarters into a second, so that "the whole second at or before" is not the instant itself.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 28, 12, 0, 0, 750, TimeSpan.Zero);

    private readonly TemporaryDirectory folder = new();

    public GrantUnit()
    {
        Storage = new InMemoryStorage();
        Provider = new FakeAccessProvider(Time);
        Providers = new AccessProviders([Provider]);
        var options = Microsoft.Extensions.Options.Options.Create(new GitJitOptions { PublicUrl = new Uri("https://gitjit.example.test/") });
        GatewayLogins = new FileGatewayLogins(Path.Combine(folder.Path, "logins.json"), new UpstreamSecrets(new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider()), Time);
        var reminders = new ExpiryReminders(options, Jobs, Time);
        Extender = new GrantExtender(Providers, Audit, GatewayLogins, Locks, reminders, Time, NullLogger<GrantExtender>.Instance);
        Workflow = new GrantWorkflow(Providers, Audit, Comments, Jobs, new GrantComments(options), Repositories, reminders,
            new EmergencyGrants(Audit, Comments, Jobs, Microsoft.Extensions.Options.Options.Create(new GitJit.Server.Alerts.AlertOptions()), Time, NullLogger<EmergencyGrants>.Instance),
            new ExtensionRequestMerge(Audit, Extender, Comments), Time, NullLogger<GrantWorkflow>.Instance);
        Revoke = new RevokeJob(Providers, Audit, Comments, Jobs, Locks, GatewayLogins,
            new SessionReports(new FileSessionLogStore(Path.Combine(folder.Path, "sessions")), NullLogger<SessionReports>.Instance), Time, NullLogger<RevokeJob>.Instance);
        Reconciler = new Reconciler(Providers, Audit, Repositories, new GrantingBranches(), Installed, Revoke, Storage, Locks, Jobs,
            new GitJit.Server.Alerts.OverdueAlerts(Jobs, Microsoft.Extensions.Options.Options.Create(new GitJit.Server.Alerts.AlertOptions()), Time, NullLogger<GitJit.Server.Alerts.OverdueAlerts>.Instance), Time, NullLogger<Reconciler>.Instance);
    }

    public FakeTimeProvider Time { get; } = new(Start);

    /// <summary>The extender the workflow hands merged extension requests to (and <c>/gitjit extend</c> uses).</summary>
    public GrantExtender Extender { get; }

    /// <summary>The locks of the one process, as a server on in-memory storage has.</summary>
    public ProcessJobLocks Locks { get; } = new();

    public FakeAccessProvider Provider { get; }

    public AccessProviders Providers { get; }

    public InMemoryAuditTrail Audit { get; } = new();

    public FakePullRequestComments Comments { get; } = new();

    public RecordingJobClient Jobs { get; } = new();

    public FakeInstalledRepositories Installed { get; } = new();

    public InMemoryStorage Storage { get; }

    public AccessRepositories Repositories { get; } = new();

    public GrantWorkflow Workflow { get; }

    public RevokeJob Revoke { get; }

    public Reconciler Reconciler { get; }

    public static AuditLocation Location { get; } = new(Installation, Repository, CloneUrl, "main");

    /// <summary>An approved request of alice's for read-only on orders-db, merged as pull request <paramref name="pullRequest"/>.</summary>
    public static GrantOrder Order(int pullRequest, TimeSpan? duration = null)
    {
        var plan = new AccessPlan($"access-requests/orders-db/alice-{pullRequest}.yaml", "alice", "orders-db", "read-only", "postgres",
            new PolicyTarget("ORDERS_DB", "orders"), duration ?? TimeSpan.FromHours(2), "Look into an order", null,
            new Guardrails { Privileges = ["select"], Tables = ["public.orders"] }, [],
            new ApprovalTally(1, [new CountedApproval("olga", 1, "1111111111111111111111111111111111111111")], []), RequesterId: 1001);
        var source = new MergeSource(Installation, Repository, pullRequest, $"https://github.example.test/{Repository}/pull/{pullRequest}",
            "2222222222222222222222222222222222222222", CloneUrl, "main", DefaultBranch: "main");
        return new GrantOrder(source, plan);
    }

    /// <summary>The revocation orders scheduled so far, with when each is due.</summary>
    public IReadOnlyList<(RevocationOrder Order, DateTime EnqueueAt)> ScheduledRevocations =>
        [.. Jobs.Scheduled.Where(s => s.Job.Type == typeof(RevokeJob)).Select(s => (s.Job.Args.OfType<RevocationOrder>().Single(), s.EnqueueAt))];

    /// <summary>A grant record, as the workflow would have written it, for access that may or may not exist.</summary>
    public static AuditRecord Granted(int pullRequest, DateTimeOffset at, DateTimeOffset expiresAt) => new()
    {
        Event = AuditEvent.Granted, Request = Grant.IdFor(Repository, pullRequest), PullRequest = pullRequest, At = at, Provider = "postgres",
        Principal = $"gitjit_acme_access_{pullRequest}", Requester = "alice", Resource = "orders-db", Role = "read-only", ExpiresAt = expiresAt,
    };

    public IReadOnlyList<AuditRecord> Records(int pullRequest) => [.. Audit.All.Where(r => r.PullRequest == pullRequest)];

    /// <summary>The gateway's logins, in a file of this unit's own.</summary>
    public FileGatewayLogins GatewayLogins { get; }

    public void Dispose()
    {
        Storage.Dispose();
        folder.Dispose();
    }
}
