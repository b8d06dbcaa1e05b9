using GitJit.Cli.Status;
using GitJit.Core.Audit;
using GitJit.Testing;

namespace GitJit.Cli.Tests;

/// <summary><c>gitjit request --start</c> writes the field validate judges; <c>gitjit status</c> lists a scheduled grant until it begins or is cancelled.</summary>
public sealed class ScheduledStartCliTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 6, 0, 0, TimeSpan.Zero);

    private static readonly string[] Request =
        ["request", "orders-db", "--role", "read-only", "--for", "2h", "--reason", "Investigate stuck orders after deploy 4711", "--dry-run", "--requester", "alice"];

    [Fact]
    public async Task Request_WithStart_WritesItQuoted_AndValidateAcceptsIt()
    {
        using var folder = new TemporaryDirectory().WithExampleRepository();

        var (exitCode, _, error) = await CliRun.RunAsync(CliEnvironment.Of(new Dictionary<string, string>(), folder.Path), new AccessRemote.FixedTime(Now),
            [.. Request, "--start", "2026-12-05T09:00:00+01:00", "--repo", folder.Path]);

        Assert.True(exitCode == ExitCodes.Clean, error);
        var text = await File.ReadAllTextAsync(Path.Combine(folder.Path, "access-requests/orders-db/alice-investigate-stuck-orders-after.yaml"));
        Assert.Contains("\nstart: \"2026-12-05T09:00:00+01:00\"\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-12-05T09:00:00", "[schema.pattern]")]
    [InlineData("2027-06-01T09:00:00Z", "[request.start-too-far]")]
    public async Task Request_WithAStartWithoutOffset_OrTooFar_WritesNothing(string start, string code)
    {
        using var folder = new TemporaryDirectory().WithExampleRepository();

        var (exitCode, output, error) = await CliRun.RunAsync(CliEnvironment.Of(new Dictionary<string, string>(), folder.Path), new AccessRemote.FixedTime(Now),
            [.. Request, "--start", start, "--repo", folder.Path]);

        Assert.Equal(ExitCodes.Findings, exitCode);
        Assert.Contains(code, output + error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(folder.Path, "access-requests", "orders-db"), "alice-investigate-*"));
    }

    [Fact]
    public void Status_ListsAScheduledGrant_UntilItIsGrantedOrCancelled()
    {
        var start = Now.AddHours(2);
        var scheduled = new AuditRecord
        {
            Event = AuditEvent.Scheduled, Request = "acme/access#5", PullRequest = 5, At = Now, Requester = "carol", Resource = "orders-db", Role = "read-only",
            StartsAt = start, ExpiresAt = start.AddHours(1),
        };
        var granted = scheduled with { Event = AuditEvent.Granted, At = start, StartsAt = null, GrantedAt = start, Principal = "gitjit_carol_x" };
        var cancelled = scheduled with { Event = AuditEvent.Revoked, At = Now.AddMinutes(5), RevokedAt = Now.AddMinutes(5), Reason = AuditReason.Cancelled };

        var listed = Assert.Single(ActiveGrant.From([scheduled], Now));
        Assert.Equal(("acme/access#5", (DateTimeOffset?)start, start.AddHours(1)), (listed.Request, listed.StartsAt, listed.ExpiresAt));
        Assert.Null(Assert.Single(ActiveGrant.From([scheduled, granted], start.AddMinutes(1))).StartsAt);
        Assert.Empty(ActiveGrant.From([scheduled, cancelled], Now.AddMinutes(10)));
    }
}
