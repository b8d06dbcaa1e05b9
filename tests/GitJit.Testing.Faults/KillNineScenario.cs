using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using GitJit.Audit;
using GitJit.Core.Audit;
using GitJit.Sandbox.GitHub;

namespace GitJit.Testing.Faults;

/// <summary>
/// One run of the kill -9 harness: a grant is requested, approved, merged and delivered to the real server running as a
/// child process; at the plan's moment the server is killed with SIGKILL and started again with the same settings (or,
/// with a <see cref="KillNinePlan.Survivor"/>, left dead while a second instance on the same database carries on);
/// then the run watches the target, the remote and the fake GitHub until all has settled, and checks the invariants:
/// the role is gone no later than expiry + <see cref="Bound"/>; at most one <c>granted</c> record and, when anything
/// was provisioned, exactly one ending record, never before the granted one; no bot comment twice under one marker; no
/// check run twice; <see cref="AuditVerifier"/> finds the history clean (with its default bound, for records); no secret in the server's logs, files, git objects, database or what it sent to GitHub.
/// </summary>
public static partial class KillNineScenario
{
    /// <summary>How long past its expiry a grant may live, whatever crashed (README: "more than a minute").</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    /// <summary>How long past its expiry the run waits for a role to go before it gives up (and reports it).</summary>
    public static readonly TimeSpan Cap = TimeSpan.FromSeconds(90);

    /// <summary>
    /// How long after the kill the run keeps watching even when all looks settled: long enough for a job the killed
    /// process had taken to become visible again (a minute) and run a second time.
    /// </summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(75);

    private static readonly TimeProvider Clock = TimeProvider.System;

    /// <param name="plan">Where to kill, and the seed.</param>
    /// <param name="cluster">The PostgreSQL server for the target and the jobs (shared by runs at the same time: each has its own names).</param>
    /// <param name="folder">This run's folder: the remote, the server's data and its logs (kept).</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static async Task<KillNineOutcome> RunAsync(KillNinePlan plan, string cluster, string folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var outcome = new KillNineOutcome(plan, folder);
        await using var world = await FaultWorld.CreateAsync(cluster, plan.Name, folder).ConfigureAwait(false);
        var server = await ServerProcess.StartAsync(world.Settings, Path.Combine(folder, "logs"), cancellationToken).ConfigureAwait(false);
        // Another machine: its own data directory, the same database, remote and GitHub.
        await using var survivor = plan.Survivor
            ? await ServerProcess.StartAsync(new Dictionary<string, string?>(world.Settings) { ["GitJit:DataDirectory"] = Path.Combine(folder, "data-2") },
                Path.Combine(folder, "logs-2"), cancellationToken).ConfigureAwait(false)
            : null;
        var pullRequest = world.OpenApprovedAndMerged(Requests.AliceWith("duration", Seconds(plan.Duration)));
        var role = await GrantRole.OpenAsync(world.Target, world.GrantId(pullRequest.Number), cancellationToken).ConfigureAwait(false);
        var watch = new RoleWatch(role);
        try
        {
            if (!await world.DeliverClosedAsync(pullRequest, server.WebhookUrl, cancellationToken).ConfigureAwait(false))
            {
                outcome.Violation("the server did not accept the merge delivery");
                return outcome;
            }
            var merged = Clock.GetUtcNow();
            var nominalExpiry = merged + plan.Duration;
            outcome.Killed = await KillMomentAsync(plan, world, watch, merged, outcome, cancellationToken).ConfigureAwait(false);
            if (!outcome.Killed) return outcome;

            await server.KillAsync().ConfigureAwait(false);
            var killed = Clock.GetUtcNow();
            outcome.KilledAfter = killed - merged;
            await watch.ObserveAsync(cancellationToken).ConfigureAwait(false);
            if (survivor is null)
            {
                await server.RestartAsync(cancellationToken).ConfigureAwait(false);
                outcome.RestartTook = Clock.GetUtcNow() - killed;
            }

            await SettleAsync(world, pullRequest, watch, killed, nominalExpiry, cancellationToken).ConfigureAwait(false);
            Check(world, pullRequest, watch, outcome);
            await server.KillAsync().ConfigureAwait(false);
            if (survivor is not null) await survivor.KillAsync().ConfigureAwait(false);
            foreach (var leak in RunSecrets.Hits(world)) outcome.Violation("secret leaked: " + leak);
            if (outcome.Violations.Count > 0)
            {
                // Why work may not have run: locks and fetched jobs the killed process left in the job storage.
                foreach (var left in await JobStorageDiagnosis.ReadAsync(world.Settings["ConnectionStrings:GitJit"]!, cancellationToken).ConfigureAwait(false)) outcome.Note(left);
            }
            return outcome;
        }
        finally
        {
            await server.DisposeAsync().ConfigureAwait(false);
            // Whatever the server left, so a cluster shared by many runs starts each clean.
            if (await watch.Role.ReadAsync(CancellationToken.None).ConfigureAwait(false) is { } left)
            {
                await GrantRole.DropLeftoverAsync(world.Target, left.Name, CancellationToken.None).ConfigureAwait(false);
            }
            await role.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Waits for the plan's moment, watching the role; false (with a violation or a note) when it never comes.</summary>
    private static async Task<bool> KillMomentAsync(KillNinePlan plan, FaultWorld world, RoleWatch watch, DateTimeOffset merged, KillNineOutcome outcome, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        switch (plan.Point)
        {
            case KillPoint.RoleProvisioned:
                while (await watch.ObserveAsync(cancellationToken).ConfigureAwait(false) is null)
                {
                    if (waited.Elapsed > TimeSpan.FromSeconds(60)) return Never(outcome, "the role did not appear within 60 s of the merge delivery");
                }
                return true;

            case KillPoint.GrantRecorded:
                // The granted record is the first push to the remote: its main branch appearing is the moment.
                while (!File.Exists(Path.Combine(world.Remote, "refs", "heads", "main")) && !File.Exists(Path.Combine(world.Remote, "packed-refs")))
                {
                    if (waited.Elapsed > TimeSpan.FromSeconds(60)) return Never(outcome, "no granted record within 60 s of the merge delivery");
                    await Task.Delay(1, cancellationToken).ConfigureAwait(false);
                }
                return true;

            case KillPoint.Revocation:
                while (await watch.ObserveAsync(cancellationToken).ConfigureAwait(false) is null)
                {
                    if (waited.Elapsed > TimeSpan.FromSeconds(60)) return Never(outcome, "the role did not appear within 60 s of the merge delivery");
                    await Task.Delay(20, cancellationToken).ConfigureAwait(false);
                }
                var expiry = watch.ExpiresAt ?? merged + plan.Duration;
                var early = expiry - TimeSpan.FromSeconds(2) - Clock.GetUtcNow();
                if (early > TimeSpan.Zero) await Task.Delay(early, cancellationToken).ConfigureAwait(false);
                while (await watch.ObserveAsync(cancellationToken).ConfigureAwait(false) is { CanLogin: true })
                {
                    if (Clock.GetUtcNow() > expiry + Bound) return Never(outcome, "the role still could log in a minute past its expiry, with no crash at all");
                }
                return true;

            default:
                var at = merged + plan.KillAfter!.Value;
                while (Clock.GetUtcNow() < at)
                {
                    await watch.ObserveAsync(cancellationToken).ConfigureAwait(false);
                    var left = at - Clock.GetUtcNow();
                    if (left > TimeSpan.Zero) await Task.Delay(left < TimeSpan.FromMilliseconds(20) ? left : TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
                }
                return true;
        }
    }

    private static bool Never(KillNineOutcome outcome, string what)
    {
        outcome.Violation(what + " (no kill: the fault-free path is broken)");
        return false;
    }

    /// <summary>
    /// Watches after the restart until the kill is <see cref="Settle"/> old and the role is gone with its end recorded
    /// (or was never provisioned) — or until expiry + <see cref="Cap"/>, whichever is later.
    /// </summary>
    private static async Task SettleAsync(FaultWorld world, FakePullRequest pullRequest, RoleWatch watch, DateTimeOffset killed, DateTimeOffset nominalExpiry, CancellationToken cancellationToken)
    {
        var recordsRead = Stopwatch.StartNew();
        var ended = false;
        while (true)
        {
            var now = Clock.GetUtcNow();
            var state = await watch.ObserveAsync(cancellationToken).ConfigureAwait(false);
            if (recordsRead.Elapsed > TimeSpan.FromSeconds(1))
            {
                ended = Records(world, pullRequest.Number).Any(r => r.Event is AuditEvent.Revoked or AuditEvent.OrphanRevoked);
                recordsRead.Restart();
            }
            var expiry = watch.ExpiresAt ?? nominalExpiry;
            var settled = now >= killed + Settle && state is null && (ended || !watch.EverSeen);
            var giveUp = now >= killed + Settle && now >= expiry + Cap;
            if (settled || giveUp) return;
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Check(FaultWorld world, FakePullRequest pullRequest, RoleWatch watch, KillNineOutcome outcome)
    {
        var now = Clock.GetUtcNow();
        outcome.ExpiresAt = watch.ExpiresAt;
        if (watch.LastSeen is { } last && watch.ExpiresAt is { } expiry)
        {
            outcome.Lateness = last - expiry;
            if (watch.Current is not null) outcome.Violation(Invariant($"the role {watch.Current.Name} still exists {(now - expiry).TotalSeconds:F0} s past its expiry (the harness stops waiting at expiry + {Cap.TotalSeconds:F0} s)"));
            else if (last - expiry > Bound) outcome.Violation(Invariant($"the role lived {(last - expiry).TotalSeconds:F1} s past its expiry; the bound is {Bound.TotalSeconds:F0} s"));
        }
        if (watch.Reappeared) outcome.Violation("the role appeared again after it was gone");

        var history = ReadHistory(world);
        var mine = history.Entries.Where(e => e.Record.PullRequest == pullRequest.Number).Select(e => e.Record).OrderBy(r => r.At).ToList();
        outcome.Records = [.. mine.Select(r => Invariant($"{r.Event} {r.At:HH:mm:ss.fff}"))];
        var granted = mine.Where(r => r.Event == AuditEvent.Granted).ToList();
        var endings = mine.Where(r => r.Event is AuditEvent.Revoked or AuditEvent.OrphanRevoked).ToList();
        if (granted.Count > 1) outcome.Violation(Invariant($"{granted.Count} granted records"));
        if ((watch.EverSeen || granted.Count > 0) && endings.Count != 1) outcome.Violation(Invariant($"{endings.Count} ending records (revoked or orphan-revoked) where exactly one is due"));
        if (!watch.EverSeen && granted.Count == 0) outcome.Note("nothing was provisioned within the run (killed before the grant, and its job did not run again in time)");
        foreach (var ending in endings.Where(e => granted.Any(g => e.At < g.At))) outcome.Violation(Invariant($"{ending.Event} at {ending.At:HH:mm:ss.fff}, before the granted record"));
        foreach (var anomaly in history.Anomalies) outcome.Violation("audit history: " + anomaly.Message);
        if (endings.Count == 1 && watch.ExpiresAt is { } expiresAt) outcome.RecordLateness = endings[0].At - expiresAt;
        // The records' own standard, as `gitjit audit` applies it: a revocation killed after the role was dropped and
        // before its record is recorded when its job runs again, about a minute later, though the access went on time
        // (the role's own bound is checked above, from the target).
        foreach (var anomaly in AuditVerifier.Verify(history.Entries.Select(e => e.Record), now, AuditVerifier.DefaultBound).Anomalies) outcome.Violation("audit verifier: " + anomaly.Message);

        var comments = world.GitHub.Comments(world.Repository.Owner, world.Repository.Name, pullRequest.Number);
        foreach (var twice in comments.SelectMany(c => Marker().Matches(c.Body).Select(m => m.Value).Distinct()).GroupBy(m => m).Where(g => g.Count() > 1))
        {
            outcome.Violation(Invariant($"{twice.Count()} bot comments marked {twice.Key}"));
        }
        foreach (var twice in world.GitHub.CheckRuns.Where(c => c.Repository == world.Repository).GroupBy(c => (c.HeadSha, c.Name)).Where(g => g.Count() > 1))
        {
            outcome.Violation(Invariant($"{twice.Count()} check runs named {twice.Key.Name} on {twice.Key.HeadSha}"));
        }
    }

    /// <summary>The pull request's records on the remote's main branch; none while nothing was pushed.</summary>
    private static List<AuditRecord> Records(FaultWorld world, int pullRequest) =>
        [.. ReadHistory(world).Entries.Where(e => e.Record.PullRequest == pullRequest).Select(e => e.Record)];

    private static AuditHistoryReport ReadHistory(FaultWorld world)
    {
        using (var git = new LibGit2Sharp.Repository(world.Remote))
        {
            if (git.Refs["refs/heads/main"] is null) return new AuditHistoryReport(null, [], []);
        }
        return AuditHistory.Read(world.Remote, since: null, "refs/heads/main");
    }

    private static string Seconds(TimeSpan duration) => ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("<!-- gitjit:[^ ]+ -->")]
    private static partial Regex Marker();
}
