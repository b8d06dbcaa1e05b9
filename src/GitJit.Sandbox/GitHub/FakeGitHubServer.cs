using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// A stateful fake of GitHub's REST API on loopback, for testing through the real Octokit client.
/// Routes live under <c>/api/v3/</c>, where Octokit puts them for any host but api.github.com, so a bot
/// configured with <see cref="ApiUrl"/> talks to it as to GitHub Enterprise Server.
/// Every route but the app's token exchange and GET /user needs an installation token or a personal access token the fake issued.
/// Users sign in through the web application flow at <c>/login/oauth/authorize</c> and <c>/login/oauth/access_token</c>
/// with a <see cref="FakeApp"/>'s client id and secret, and GET /user with the user access token.
/// </summary>
public sealed class FakeGitHubServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly FakeGitHubState state;
    private readonly WebhookSender webhooks = new();
    private readonly HeldRequests held;
    private readonly InjectedFaults faults;

    private FakeGitHubServer(WebApplication app, FakeGitHubState state, HeldRequests held, InjectedFaults faults)
    {
        this.app = app;
        this.state = state;
        this.held = held;
        this.faults = faults;
    }

    /// <summary>What a bot is configured with, e.g. http://127.0.0.1:5123/ (Octokit appends api/v3/).</summary>
    public Uri ApiUrl => state.WebUrl;

    /// <summary>The root of html_url links.</summary>
    public Uri WebUrl => state.WebUrl;

    /// <summary>How many installation tokens have been issued, to assert that a client caches them.</summary>
    public int TokensIssued
    {
        get { lock (state.Gate) return state.TokensIssued; }
    }

    /// <summary>
    /// How many requests came for <paramref name="method"/> <paramref name="apiPath"/>, a path of the REST API as GitHub
    /// documents it (<c>/app</c>, i.e. <c>/api/v3/app</c> here), whatever the answer was.
    /// </summary>
    public int Requests(string method, string apiPath)
    {
        lock (state.Gate) return state.Requests.GetValueOrDefault(method + " /api/v3" + apiPath);
    }

    /// <summary>Every body a client sent to the fake (POST, PATCH, PUT, DELETE), with its method and path.</summary>
    public IReadOnlyList<(string Route, string Body)> Received
    {
        get { lock (state.Gate) return [.. state.Received]; }
    }

    /// <summary>Every secret the fake holds or handed out: tokens, codes, sessions, and each App's key and client secret.</summary>
    public IReadOnlyList<(string What, string Value)> Secrets
    {
        get
        {
            lock (state.Gate)
            {
                return [.. state.Minted, .. state.Apps.Values.SelectMany(a => new[] { ("App private key", a.PrivateKeyPem), ("App client secret", a.ClientSecret) })];
            }
        }
    }

    /// <summary>Every check run created, in creation order, with annotations accumulated.</summary>
    public IReadOnlyList<FakeCheckRun> CheckRuns
    {
        get { lock (state.Gate) return [.. state.CheckRuns]; }
    }

    /// <summary>Starts the stand-in on a random loopback port, with its REST API and OAuth web flow only.</summary>
    public static Task<FakeGitHubServer> StartAsync(TimeProvider? time = null, CancellationToken cancellationToken = default) =>
        StartAsync(time, listenOn: null, pages: false, cancellationToken);

    /// <summary>
    /// Starts the stand-in. <paramref name="listenOn"/> (e.g. <c>http://127.0.0.1:3000/</c> or <c>http://localhost:3000/</c>;
    /// port 0 for any free one) is where it listens and, as given, the root of its web and API URLs; null: a random loopback
    /// port. With <paramref name="pages"/>, it also serves the pages where a browser acts as any person (<c>/</c>,
    /// <c>/{owner}/{repo}</c>, <c>/{owner}/{repo}/pull/{number}</c>…; see <see cref="People"/>).
    /// </summary>
    public static async Task<FakeGitHubServer> StartAsync(TimeProvider? time, Uri? listenOn, bool pages, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => ListenAddress.Apply(options, listenOn));

        var app = builder.Build();
        var state = new FakeGitHubState(time ?? TimeProvider.System);
        var held = new HeldRequests();
        if (pages && listenOn is { Port: > 0 })
        {
            // A page on another site whose name an attacker points at 127.0.0.1 (DNS rebinding) names its own host: the
            // people's pages answer only to the address they were started on.
            var host = listenOn.Authority;
            app.Use((context, next) => string.Equals(context.Request.Host.Value, host, StringComparison.OrdinalIgnoreCase)
                ? next(context)
                : Results.BadRequest("This stand-in answers only to " + host).ExecuteAsync(context));
        }
        app.Use(held.InvokeAsync);
        app.Use(async (context, next) =>
        {
            var key = context.Request.Method + " " + context.Request.Path;
            lock (state.Gate) state.Requests[key] = state.Requests.GetValueOrDefault(key) + 1;
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            {
                context.Request.EnableBuffering();
                using var reader = new StreamReader(context.Request.Body, leaveOpen: true);
                var body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
                context.Request.Body.Position = 0;
                lock (state.Gate) state.Received.Add((key, body));
            }
            await next(context).ConfigureAwait(false);
        });
        var faults = new InjectedFaults(state);
        app.Use(faults.InvokeAsync);
        var api = app.MapGroup("/api/v3");
        AppRoutes.Map(api, state);
        var tokenFilter = new InstallationTokenFilter(state);
        InstallationRoutes.Map(api, state, tokenFilter);
        var repos = api.MapGroup("/repos/{owner}/{repo}").AddEndpointFilter(tokenFilter);
        PullRequestRoutes.Map(repos, state);
        PullRequestCreateRoutes.Map(repos, state);
        CommitRoutes.Map(repos, state);
        ContentRoutes.Map(repos, state);
        ContentWriteRoutes.Map(repos, state);
        GitRefRoutes.Map(repos, state);
        CheckRunRoutes.Map(repos, state);
        IssueCommentRoutes.Map(repos, state);
        IssueEventRoutes.Map(repos, state);
        LabelRoutes.Map(repos, state);
        var orgs = api.MapGroup("/orgs/{org}").AddEndpointFilter(tokenFilter);
        TeamRoutes.Map(orgs, state);
        MemberRoutes.Map(orgs, state);
        MemberRoutes.MapPublic(api);
        UserRoutes.Map(api, state);
        AuthorizeRoutes.Map(app, state);
        AccessTokenRoutes.Map(app, state);
        ManifestRoutes.Map(app, api, state);
        InstallRoutes.Map(app, state);
        if (pages) Pages.SandboxPages.Map(app, state);
        app.MapFallback(() => GitHubResults.NotFound());

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        state.WebUrl = ListenAddress.WebUrl(listenOn, new Uri(address));
        return new FakeGitHubServer(app, state, held, faults);
    }

    /// <summary>
    /// The user every browser is signed in as, having authorized every app before: GET /login/oauth/authorize then redirects
    /// straight back with a code, as GitHub does, instead of showing the sign-in form. A browser that signed in through the form
    /// stays signed in as that user (a user_session cookie), whatever this says. Null (the default): browsers are signed out.
    /// </summary>
    public string? SignedInAs
    {
        get { lock (state.Gate) return state.SignedInAs; }
        set { lock (state.Gate) state.SignedInAs = value; }
    }

    /// <summary>
    /// The next <paramref name="requests"/> installation-authenticated requests get GitHub's rate-limit answer
    /// (403, remaining 0, reset at <paramref name="reset"/>).
    /// </summary>
    public void LimitRate(int requests, DateTimeOffset reset)
    {
        lock (state.Gate)
        {
            state.RateLimitedRequests = requests;
            state.RateLimitReset = reset;
        }
    }

    /// <summary>
    /// Leaves every request whose path (e.g. <c>/api/v3/repos/acme/access/pulls/2</c>) <paramref name="matches"/>
    /// unanswered until the returned handle is disposed, as a GitHub that stopped answering would.
    /// </summary>
    public IDisposable Hold(Func<string, bool> matches) => held.Add(matches);

    /// <summary>
    /// Answers the next <paramref name="times"/> requests that <paramref name="matches"/> (by method and path, e.g.
    /// <c>POST</c>, <c>/api/v3/repos/acme/access/check-runs</c>) with <paramref name="fault"/> instead of GitHub's usual
    /// answer, until the returned handle is disposed; it counts the requests it answered. Requests are counted and
    /// their bodies received (<see cref="Requests"/>, <see cref="Received"/>) whatever they were answered.
    /// </summary>
    public IFakeFault Fail(Func<string, string, bool> matches, int times, GitHubFault fault) => faults.Add(matches, times, fault);

    /// <summary>Every registered App: those a test registered and those created from a manifest, by id.</summary>
    public IReadOnlyList<FakeApp> Apps
    {
        get { lock (state.Gate) return [.. state.Apps.Values.OrderBy(a => a.AppId)]; }
    }

    /// <summary>Registers an app with a fresh 2048-bit RSA key; its bot user is "<paramref name="slug"/>[bot]".</summary>
    public FakeApp RegisterApp(long appId, string slug = "gitjit")
    {
        var registered = new FakeApp(state, appId, slug);
        lock (state.Gate) state.Apps.Add(appId, registered);
        return registered;
    }

    public FakeRepository AddRepository(string owner, string name)
    {
        lock (state.Gate)
        {
            var repository = new FakeRepository(state, owner, name);
            state.Repositories.Add(repository.FullName, repository);
            return repository;
        }
    }

    /// <summary><paramref name="owner"/> forks <paramref name="parent"/>: a repository of the same name under their account.</summary>
    public FakeRepository AddFork(FakeRepository parent, string owner)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var fork = AddRepository(owner, parent.Name);
        lock (state.Gate) fork.Parent = parent;
        return fork;
    }

    /// <summary>The team <paramref name="organization"/>/<paramref name="slug"/> added before, to change its members.</summary>
    public FakeTeam Team(string organization, string slug)
    {
        lock (state.Gate) return state.Teams[organization + "/" + slug];
    }

    public FakeTeam AddTeam(string organization, string slug, params string[] members)
    {
        FakeTeam team;
        lock (state.Gate)
        {
            team = new FakeTeam(state, organization, slug);
            state.Teams.Add(organization + "/" + slug, team);
        }

        return team.Add(members);
    }

    /// <summary>
    /// Adds an organisation with <paramref name="members"/>. Organisations need not be added for teams or installations, but
    /// only added ones have direct members; members of the organisation's teams are members too.
    /// </summary>
    public FakeOrganization AddOrganization(string login, params string[] members)
    {
        FakeOrganization organization;
        lock (state.Gate)
        {
            organization = new FakeOrganization(state, login);
            state.Organizations.Add(login, organization);
        }

        return organization.Add(members);
    }

    /// <summary>The user id GitHub gives <paramref name="login"/> in every payload (the same in /user, pull requests, reviews).</summary>
    public long UserId(string login)
    {
        lock (state.Gate) return state.UserId(login);
    }

    /// <summary>
    /// The account holding <paramref name="login"/> is deleted and someone else registers that login: from now on the login
    /// belongs to a new user id everywhere (payloads, /user, /users/{login}). Returns the new id.
    /// </summary>
    public long ReRegister(string login)
    {
        lock (state.Gate) return state.ReRegister(login);
    }

    /// <summary>Adds a user with a display name and a public email; they can then sign in by that email too.</summary>
    public FakeUser AddUser(string login, string? name = null, string? email = null)
    {
        lock (state.Gate)
        {
            var user = new FakeUser(login, state.UserId(login), name, email);
            state.Users.Add(login, user);
            return user;
        }
    }

    /// <summary>
    /// Issues a user access token of <paramref name="app"/> for <paramref name="login"/> without the web flow, as if the user had
    /// signed in; for tests of what comes after sign-in.
    /// </summary>
    public string CreateUserToken(FakeApp app, string login)
    {
        ArgumentNullException.ThrowIfNull(app);
        lock (state.Gate)
        {
            var token = UserToken.Issue(app, login, state.Time.GetUtcNow());
            state.UserTokens.Add(token.Value, token);
            state.MintedUserToken(token);
            return token.Value;
        }
    }

    /// <summary>
    /// Issues a personal access token (ghp_…) for <paramref name="login"/>, as a person makes in their settings or the gh CLI
    /// holds: it reads and writes every repository of the fake and GET /user answers with <paramref name="login"/>.
    /// </summary>
    public string CreatePersonalAccessToken(string login)
    {
        lock (state.Gate)
        {
            var token = RandomToken.Create("ghp_", 36);
            state.PersonalTokens.Add(token, login);
            state.Minted.Add(("personal access token", token));
            return token;
        }
    }

    /// <summary>
    /// Revokes every user access token and refresh token of <paramref name="login"/> and signs out their browsers, as when the
    /// user revokes the apps' authorization; GET /user then answers 401 "Bad credentials".
    /// </summary>
    public void RevokeUserTokens(string login)
    {
        lock (state.Gate)
        {
            foreach (var token in state.UserTokens.Values.Where(t => string.Equals(t.Login, login, StringComparison.OrdinalIgnoreCase)).ToList())
            {
                state.UserTokens.Remove(token.Value);
            }

            foreach (var session in state.Sessions.Where(s => string.Equals(s.Value, login, StringComparison.OrdinalIgnoreCase)).ToList())
            {
                state.Sessions.Remove(session.Key);
            }
        }
    }

    /// <summary>Comments on issue or pull request <paramref name="number"/> of owner/repo, oldest first.</summary>
    public IReadOnlyList<FakeComment> Comments(string owner, string repo, int number)
    {
        FakeRepository? repository;
        lock (state.Gate) repository = state.FindRepository(owner, repo);
        return repository?.Comments(number) ?? [];
    }

    /// <summary>
    /// Posts <paramref name="jsonPayload"/> to <paramref name="endpoint"/> with X-GitHub-Event, X-GitHub-Delivery
    /// (a new GUID unless given) and X-Hub-Signature-256 (HMAC-SHA256 of the body with <paramref name="secret"/>).
    /// </summary>
    public Task<HttpResponseMessage> SendWebhookAsync(
        Uri endpoint, string eventName, string jsonPayload, string secret, string? deliveryId = null, CancellationToken cancellationToken = default) =>
        webhooks.SendAsync(endpoint, eventName, jsonPayload, secret, deliveryId, cancellationToken);

    /// <summary>What people do in GitHub's web pages, each followed by its webhook to the Apps (<see cref="FakeAppWebhooks.DeliverTo"/>).</summary>
    public PeopleActions People => new(state);

    /// <summary>Every webhook delivery made to an App's webhook URL, oldest first (GitHub's "Recent deliveries").</summary>
    public IReadOnlyList<FakeWebhookDelivery> WebhookDeliveries => state.Webhooks.All;

    /// <summary>Completes when every webhook delivery queued so far (and any queued meanwhile) has been answered or given up.</summary>
    public Task WebhooksDeliveredAsync(CancellationToken cancellationToken = default) => state.Webhooks.IdleAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await state.Webhooks.DisposeAsync().ConfigureAwait(false);
        webhooks.Dispose();
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
