using System.Globalization;
using System.Runtime.CompilerServices;
using GitJit.Core.Audit;
using GitJit.Core.Grants;
using GitJit.Core.Rendering;
using GitJit.Server.Gateway;
using GitJit.Server.Grants;
using GitJit.Server.Hosting;

namespace GitJit.Server.Pages;

/// <summary>
/// The pages: <c>/grants/&lt;owner&gt;/&lt;repo&gt;/&lt;pr&gt;</c> (the requester's grant, and "Reveal credentials"), and
/// <c>/grants</c> (every active grant the viewer's organisations hold, live; admins may revoke). Every page needs a
/// signed-in viewer; every action carries an anti-forgery token and is rate-limited per viewer.
/// </summary>
public static class GrantPages
{
    public const string ActionsRateLimit = "gitjit-actions";
    public const string PagesRateLimit = "gitjit-pages";

    /// <summary>Live lists one viewer may have open at once (tabs, devices); each costs a connection and a refresh every 2 s.</summary>
    private const int StreamsPerViewer = 5;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> OpenStreams = new(StringComparer.Ordinal);
    private static readonly string[] Headings = ["Grant", "Who", "What", "Until", "Approved by", "Sessions", "Statements"];

    public static void MapGitJitPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", () => Results.LocalRedirect("/grants"));
        var grants = endpoints.MapGroup("/grants").RequireAuthorization().RequireRateLimiting(PagesRateLimit);
        grants.MapGet("", ListAsync);
        // Outside the group's sign-in challenge: a script's stream answers 401 rather than following a redirect to GitHub.
        endpoints.MapGet("/grants/live", LiveAsync).RequireRateLimiting(PagesRateLimit);
        grants.MapGet("/{owner}/{repository}/{pullRequest:int}", GrantAsync);
        grants.MapPost("/{owner}/{repository}/{pullRequest:int}/reveal", RevealAsync).RequireRateLimiting(ActionsRateLimit);
        grants.MapPost("/{owner}/{repository}/{pullRequest:int}/revoke", RevokeAsync).RequireRateLimiting(ActionsRateLimit).RequireAuthorization(SignIn.AdminPolicy);
    }

    private static Viewer Viewer(HttpContext context) =>
        Pages.Viewer.From(context.User, context.RequestServices.GetRequiredService<Admins>())
        ?? throw new InvalidOperationException("the endpoint requires a signed-in viewer");

    private static async Task<IResult> GrantAsync(HttpContext context, string owner, string repository, int pullRequest,
        GrantDirectory directory, CredentialsIssuer issuer, ISessionLogStore sessionLog, TimeProvider time, ILogger<CredentialsIssuer> logger, CancellationToken cancellationToken)
    {
        var viewer = Viewer(context);
        var grant = await directory.FindAsync(owner, repository, pullRequest, cancellationToken).ConfigureAwait(false);
        if (grant is null) return NoGrant(context, owner, repository, pullRequest);
        switch ((await issuer.StandingAsync(viewer, grant, cancellationToken).ConfigureAwait(false)).Refusal)
        {
            case RevealStatus.NotRequester: return NotYours(context, viewer, grant, logger);
            case RevealStatus.Ended: return Ended(context, grant);
        }

        var body = Details(grant, time.GetUtcNow())
            + Html.Tag("section",
                Html.P(grant.Granted.Guardrails is { RequiresGateway: true }
                    ? "This grant's sessions go through GitJit's guarded gateway. Revealing sets a new gateway password: any earlier one stops working. It is shown to you once and GitJit keeps no copy."
                    : "Revealing sets a new password for this grant's role: any earlier one stops working. It is shown to you once and GitJit keeps no copy.", "notice")
                + Html.PostButton($"/grants/{grant.Location.Repository}/{grant.PullRequest}/reveal", Page.Token(context), "Reveal credentials", "primary"),
                ("data-until-expiry", ""))
            + Html.Tag("p", "This grant has expired: there is nothing to reveal.", ("data-after-expiry", ""), ("hidden", ""));
        if (grant.Granted.Guardrails is { RequiresGateway: true })
        {
            body += GatewayActivityMarkup.Section(await sessionLog.ReadAsync(grant.Id, GatewayActivityMarkup.LastStatements, cancellationToken).ConfigureAwait(false));
        }
        return Page.Html(context, StatusCodes.Status200OK, Title(grant), body);
    }

    private static async Task<IResult> RevealAsync(HttpContext context, string owner, string repository, int pullRequest,
        CredentialsIssuer reveal, TimeProvider time, ILogger<CredentialsIssuer> logger, CancellationToken cancellationToken)
    {
        if (await Page.RefuseForgeryAsync(context).ConfigureAwait(false) is { } refused) return refused;
        var viewer = Viewer(context);
        var result = await reveal.RevealAsync(viewer, owner, repository, pullRequest, cancellationToken).ConfigureAwait(false);
        return result switch
        {
            { Status: RevealStatus.NoGrant } => NoGrant(context, owner, repository, pullRequest),
            { Status: RevealStatus.NotRequester, Grant: { } grant } => NotYours(context, viewer, grant, logger),
            { Status: RevealStatus.Ended, Grant: { } grant } => Ended(context, grant),
            { Status: RevealStatus.NotRecorded } => Page.Problem(context, StatusCodes.Status503ServiceUnavailable, "Not revealed",
                "GitJit could not record this reveal in the audit trail just now, so it shows no credentials (the earlier password, if any, no longer works). Try again in a moment."),
            { Status: RevealStatus.GatewayNotConfigured } => Page.Problem(context, StatusCodes.Status503ServiceUnavailable, "Not revealed",
                "This grant's sessions must go through GitJit's guarded gateway, and this GitJit has no gateway address configured, so it shows no credentials and changed nothing. Ask your GitJit administrators to set one up."),
            { Status: RevealStatus.RecordAltered } => Page.Problem(context, StatusCodes.Status409Conflict, "Not revealed",
                "This grant's record in git no longer has the guardrails it was granted with, so GitJit shows no credentials and changed nothing. Your GitJit administrators have been told."),
            { Credentials: { } credentials, Grant: { } grant } => Page.Html(context, StatusCodes.Status200OK, Title(grant), Revealed(grant, credentials, result.Sequence, time.GetUtcNow())),
            _ => throw new InvalidOperationException("unexpected reveal result"),
        };
    }

    private static async Task<IResult> RevokeAsync(HttpContext context, string owner, string repository, int pullRequest,
        GrantDirectory directory, RevokeJob revoke, ILogger<CredentialsIssuer> logger, CancellationToken cancellationToken)
    {
        if (await Page.RefuseForgeryAsync(context).ConfigureAwait(false) is { } refused) return refused;
        var viewer = Viewer(context);
        var grant = await directory.FindAsync(owner, repository, pullRequest, cancellationToken).ConfigureAwait(false);
        if (grant is null) return NoGrant(context, owner, repository, pullRequest);
        if (grant.Ended is null)
        {
            // The same path as expiry and "/gitjit revoke": the provider ends sessions and access, then git records it.
            // Not cancelled when the admin closes the tab: a revocation half done is finished, not left to the reconciler.
            Log.RevokedFromPage(logger, viewer.Login, grant.Id);
            await revoke.RevokeEarlyAsync(grant.Location, grant.Granted, viewer.Login, CancellationToken.None).ConfigureAwait(false);
            directory.Invalidate();
        }
        return Results.LocalRedirect("/grants");
    }

    private static async Task<IResult> ListAsync(HttpContext context, GrantDirectory directory, Memberships memberships,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var viewer = Viewer(context);
        var visible = await VisibleAsync(viewer, directory, memberships, cancellationToken).ConfigureAwait(false);
        if (visible is null)
        {
            return Page.Problem(context, StatusCodes.Status403Forbidden, "Not a member",
                $"GitJit shows its grants to members of the organisations it is installed on; @{viewer.Login} is not a member of any of them.");
        }
        var headings = Headings.Concat(viewer.IsAdmin ? [""] : []);
        var table = Html.Tag("div",
            Html.Tag("table",
                Html.Tag("caption", "Active grants, updated live", ("class", "visually-hidden"))
                + Html.Tag("thead", Html.Tag("tr", Html.Join(headings.Select(h => Html.Tag("th", h, ("scope", "col"))))))
                + Html.Tag("tbody", Rows(visible, viewer, Page.Token(context), time.GetUtcNow()), ("data-live", "/grants/live"), ("aria-live", "polite"))),
            ("class", "table"));
        return Page.Html(context, StatusCodes.Status200OK, "Active grants", table);
    }

    private static async Task<IResult> LiveAsync(HttpContext context, GrantDirectory directory, Memberships memberships, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        if (Pages.Viewer.From(context.User, context.RequestServices.GetRequiredService<Admins>()) is not { } viewer)
        {
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }
        if (await VisibleAsync(viewer, directory, memberships, context.RequestAborted).ConfigureAwait(false) is null)
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        var key = viewer.Login.ToLowerInvariant();
        if (OpenStreams.AddOrUpdate(key, 1, (_, open) => open + 1) > StreamsPerViewer)
        {
            OpenStreams.AddOrUpdate(key, 0, (_, open) => open - 1);
            return Results.StatusCode(StatusCodes.Status429TooManyRequests);
        }
        // The stream ends when the viewer leaves or the server stops (an open stream would otherwise hold shutdown up).
        var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        context.Response.RegisterForDispose(ended);
        context.Response.OnCompleted(() =>
        {
            OpenStreams.AddOrUpdate(key, 0, (_, open) => open - 1);
            return Task.CompletedTask;
        });
        return TypedResults.ServerSentEvents(LiveRowsAsync(viewer, Page.ExistingToken(context), directory, memberships, time, ended.Token), eventType: "grants");
    }

    /// <summary>The list's rows whenever they change (checked every <see cref="GrantDirectory.Freshness"/>), and every 30 s regardless, to keep the stream open.</summary>
    private static async IAsyncEnumerable<string> LiveRowsAsync(Viewer viewer, string token, GrantDirectory directory,
        Memberships memberships, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? last = null;
        var sent = DateTimeOffset.MinValue;
        while (!cancellationToken.IsCancellationRequested)
        {
            var visible = await VisibleAsync(viewer, directory, memberships, cancellationToken).ConfigureAwait(false) ?? [];
            var rows = Rows(visible, viewer, token, now: null).ToString();
            if (rows != last || time.GetUtcNow() - sent > TimeSpan.FromSeconds(30))
            {
                (last, sent) = (rows, time.GetUtcNow());
                yield return rows;
            }
            await Task.Delay(GrantDirectory.Freshness, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Every active grant for admins; for others those of the accounts GitJit is installed on that they belong to; null when none.</summary>
    private static async Task<IReadOnlyList<LiveGrant>?> VisibleAsync(Viewer viewer, GrantDirectory directory, Memberships memberships, CancellationToken cancellationToken)
    {
        if (viewer.IsAdmin) return await directory.ActiveAsync(cancellationToken).ConfigureAwait(false);
        // Membership first: a stranger costs one cached GitHub answer, never a read of every trail.
        var memberOf = await memberships.AccountsOfAsync(viewer.Login, cancellationToken).ConfigureAwait(false);
        if (memberOf.Count == 0) return null;
        return [.. (await directory.ActiveAsync(cancellationToken).ConfigureAwait(false)).Where(g => memberOf.Contains(g.Grant.Location.Owner))];
    }

    /// <summary>The table's rows; countdowns carry their text only when <paramref name="now"/> is given (the live stream leaves it to the script, so unchanged rows stay unchanged).</summary>
    private static Markup Rows(IReadOnlyList<LiveGrant> grants, Viewer viewer, string token, DateTimeOffset? now)
    {
        if (grants.Count == 0) return Html.Tag("tr", Html.Tag("td", "No active grants.", ("colspan", viewer.IsAdmin ? "8" : "7")));
        return Html.Join(grants.Select(live =>
        {
            var (grant, record) = (live.Grant, live.Grant.Granted);
            var approvers = string.Join(", ", (record.Approvals ?? []).Select(a => "@" + a.Reviewer));
            var cells = Html.Tag("td", record.PullRequestUrl is { } url ? Html.Link(url, grant.Id) : grant.Id, ("data-label", "Grant"))
                + Html.Tag("td", "@" + record.Requester, ("data-label", "Who"))
                + Html.Tag("td", $"{record.Resource} · {record.Role}", ("data-label", "What"))
                + Html.Tag("td", Html.Time(grant.ExpiresAt) + Html.Void("br") + Html.Countdown(grant.ExpiresAt, now), ("data-label", "Until"))
                + Html.Tag("td", approvers.Length == 0 ? "—" : approvers, ("data-label", "Approved by"))
                + Html.Tag("td", live.Sessions?.ToString(CultureInfo.InvariantCulture) ?? "unknown", ("data-label", "Sessions"), ("data-sessions", ""))
                + Html.Tag("td", Statements(live), ("data-label", "Statements"));
            if (viewer.IsAdmin)
            {
                cells += Html.Tag("td", Html.PostButton($"/grants/{grant.Location.Repository}/{grant.PullRequest}/revoke", token, "Revoke", "danger", $"Revoke {grant.Id}",
                    confirm: $"Revoke {grant.Id} of @{record.Requester} now? Their sessions end at once."));
            }
            return Html.Tag("tr", cells, ("data-grant", grant.Id));
        }));
    }

    /// <summary>What a grant's gateway sessions sent, refusals first to the eye; a grant without the gateway has no statement log.</summary>
    private static Markup Statements(LiveGrant live) => !live.ThroughGateway ? Html.Tag("span", "not logged (no gateway)", ("class", "muted"))
        : live.Gateway is not { } tally ? (Markup)"unknown"
        : Html.Tag("span", tally.Statements.ToString(CultureInfo.InvariantCulture), ("data-statement-count", ""))
            + (tally.Refused == 0 ? Markup.Empty : (Markup)" · " + Html.Tag("strong", $"{tally.Refused.ToString(CultureInfo.InvariantCulture)} refused", ("data-refused-count", "")));

    private static Markup Details(GrantRecord grant, DateTimeOffset now)
    {
        var record = grant.Granted;
        var guardrails = record.Guardrails is { } g ? Html.Tag("ul", Html.Join(PlanMarkdown.GuardrailLines(g, name => name).Select(line => Html.Tag("li", line)))) : "none recorded";
        var approvers = string.Join(", ", (record.Approvals ?? []).Select(a => "@" + a.Reviewer));
        return Html.Tag("dl",
            Item("Request", record.PullRequestUrl is { } url ? Html.Link(url, grant.Id) : grant.Id)
            + Item("Requested by", "@" + record.Requester)
            + Item("Approved by", approvers.Length == 0 ? "—" : approvers)
            + (record is { Emergency: true, FollowUpBy: { } by } ? Item("Emergency", Emergency(grant.FollowUp, by)) : "")
            + Item("Resource", record.Resource)
            + Item("Role", record.Role)
            + Item("Database role", Html.Code(record.Principal ?? ""))
            + Item("Guardrails", guardrails)
            + Item("Granted", record.GrantedAt is { } granted ? Html.Time(granted) : "—")
            + Item("Expires", Html.Time(grant.ExpiresAt) + Html.Void("br") + Html.Countdown(grant.ExpiresAt, now)
                + (grant.Extensions > 0 ? Html.Void("br") + (grant.Extensions == 1 ? "extended once" : $"extended {grant.Extensions} times") : ""))
            + Item("Credentials revealed", grant.CredentialsIssued switch { 0 => "not yet", 1 => "once", var n => $"{n} times" }),
            ("data-grant", grant.Id));
    }

    private static Markup Revealed(GrantRecord grant, AccessCredentials credentials, int sequence, DateTimeOffset now)
    {
        var host = credentials.Host.Contains(':', StringComparison.Ordinal) ? $"[{credentials.Host}]" : credentials.Host;
        var uri = $"postgresql://{Uri.EscapeDataString(credentials.User)}:{Uri.EscapeDataString(credentials.Secret)}@{host}:{credentials.Port.ToString(CultureInfo.InvariantCulture)}/{Uri.EscapeDataString(credentials.Database ?? "")}"
            + (credentials.SslMode is { } ssl ? "?sslmode=" + Uri.EscapeDataString(ssl) : "");
        return Html.P("Shown once: GitJit keeps no copy. Revealing again sets a new password, and this one stops working. "
                + $"This was reveal {sequence.ToString(CultureInfo.InvariantCulture)} of this grant, recorded in the audit trail.", "secret")
            + Html.Tag("dl",
                Item("Host", Html.Code(credentials.Host))
                + Item("Port", Html.Code(credentials.Port.ToString(CultureInfo.InvariantCulture)))
                + Item("Database", Html.Code(credentials.Database ?? ""))
                + Item("User", Html.Code(credentials.User))
                + Item("Password", Html.Tag("code", credentials.Secret, ("id", "password")))
                + Item("Expires", Html.Time(grant.ExpiresAt) + Html.Void("br") + Html.Countdown(grant.ExpiresAt, now)))
            + Html.Tag("h2", "Connect with psql")
            + Html.Tag("pre", $"psql '{uri}'", ("id", "psql"))
            + Html.Tag("button", "Copy command", ("type", "button"), ("data-copy", "psql"))
            + Html.Tag("h2", "Connection URI")
            + Html.Tag("pre", uri, ("id", "uri"))
            + Html.Tag("button", "Copy URI", ("type", "button"), ("data-copy", "uri"))
            + Html.P(Html.Link($"/grants/{grant.Location.Repository}/{grant.PullRequest}", "Back to the grant"));
    }

    /// <summary>Where a break-glass grant's review stands, as its records say.</summary>
    private static Markup Emergency(AuditRecord? followUp, DateTimeOffset by) => followUp switch
    {
        { Event: AuditEvent.Reviewed } reviewed => "break-glass; approved afterwards by " + string.Join(", ", (reviewed.Approvals ?? []).Select(a => "@" + a.Reviewer)),
        { Event: AuditEvent.Unreviewed } => "break-glass; no code owner approved it by " + Html.Utc(by) + ", so its access was ended",
        _ => Html.Join(["break-glass, granted without approval; a code owner must approve it by ", Html.Time(by)]),
    };

    private static Markup Item(string term, Markup description) => Html.Tag("dt", term) + Html.Tag("dd", description);

    private static string Title(GrantRecord grant) => $"{grant.Granted.Resource} · {grant.Granted.Role}";

    private static IResult NoGrant(HttpContext context, string owner, string repository, int pullRequest) =>
        Page.Problem(context, StatusCodes.Status404NotFound, "No grant",
            $"GitJit has no grant for {owner}/{repository}#{pullRequest.ToString(CultureInfo.InvariantCulture)} (not merged yet, refused, scheduled to begin later, or not an access request).");

    private static IResult NotYours(HttpContext context, Viewer viewer, GrantRecord grant, ILogger logger)
    {
        Log.GrantPageRefused(logger, viewer.Login, grant.Id, "not the requester");
        return Page.Problem(context, StatusCodes.Status403Forbidden, "Not your grant",
            $"Only the requester of {grant.Id} may see it and reveal its credentials; you are signed in as @{viewer.Login}.");
    }

    private static IResult Ended(HttpContext context, GrantRecord grant)
    {
        var message = grant.Ended switch
        {
            { Reason: not AuditReason.Expired } ended =>
                $"This grant was revoked at {Html.Utc(ended.RevokedAt ?? ended.At)}" + (ended.By is { } by && by != RevocationOrder.Bot ? $" by @{by}" : "") + ". There is nothing to reveal.",
            null when grant.ExpiresAt > context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow() =>
                "This grant's access is gone from the database (its revocation is being recorded). There is nothing to reveal.",
            _ => $"This grant expired at {Html.Utc(grant.ExpiresAt)}. There is nothing to reveal.",
        };
        return Page.Html(context, StatusCodes.Status410Gone, Title(grant), Details(grant, grant.ExpiresAt) + Html.P(message, "notice"));
    }

}
