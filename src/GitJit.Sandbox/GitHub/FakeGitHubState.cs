namespace GitJit.Sandbox.GitHub;

/// <summary>Everything the fake knows. Every read and write of the model happens under <see cref="Gate"/>.</summary>
internal sealed class FakeGitHubState(TimeProvider time)
{
    private readonly Dictionary<string, long> userIds = new(StringComparer.OrdinalIgnoreCase);
    private long lastId = 1000;

    private WebhookDeliveries? webhooks;

    public Lock Gate { get; } = new();

    /// <summary>Where each App's webhooks go, and every delivery made.</summary>
    public WebhookDeliveries Webhooks => LazyInitializer.EnsureInitialized(ref webhooks, () => new WebhookDeliveries(this));

    public TimeProvider Time { get; } = time;

    /// <summary>The loopback root, e.g. http://127.0.0.1:5123/; set once Kestrel is listening.</summary>
    public Uri WebUrl { get; set; } = new("http://127.0.0.1/");

    public string ApiRoot => WebUrl + "api/v3";

    public Dictionary<long, FakeApp> Apps { get; } = [];

    public Dictionary<long, FakeInstallation> Installations { get; } = [];

    public Dictionary<string, IssuedToken> Tokens { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, FakeRepository> Repositories { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, FakeTeam> Teams { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<FakeCheckRun> CheckRuns { get; } = [];

    public Dictionary<string, FakeUser> Users { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, FakeOrganization> Organizations { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, AuthorizationCode> AuthorizationCodes { get; } = new(StringComparer.Ordinal);

    /// <summary>Codes of Apps created from a manifest, until converted (once) or expired.</summary>
    public Dictionary<string, ManifestCode> ManifestCodes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, UserToken> UserTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Personal access tokens (ghp_…) and the login each acts as; they never expire.</summary>
    public Dictionary<string, string> PersonalTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Browser sessions: the user_session cookie's value and the login it signed in.</summary>
    public Dictionary<string, string> Sessions { get; } = new(StringComparer.Ordinal);

    /// <summary>The user every browser without a session of its own is signed in as, having authorized every app before.</summary>
    public string? SignedInAs { get; set; }

    public int TokensIssued { get; set; }

    /// <summary>Every token, code and session the fake handed out, by kind, for the secret scans.</summary>
    public List<(string What, string Value)> Minted { get; } = [];

    /// <summary>Every body a client sent (POST, PATCH, PUT, DELETE), with its method and path: all that was written to GitHub.</summary>
    public List<(string Route, string Body)> Received { get; } = [];

    public void MintedUserToken(UserToken token)
    {
        Minted.Add(("user token", token.Value));
        if (token.RefreshToken is { } refresh) Minted.Add(("refresh token", refresh));
    }

    /// <summary>How many requests each route got, by "METHOD /path" as requested (e.g. "GET /api/v3/app").</summary>
    public Dictionary<string, int> Requests { get; } = new(StringComparer.Ordinal);

    /// <summary>How many more installation requests get GitHub's primary rate-limit answer, and when that limit resets.</summary>
    public int RateLimitedRequests { get; set; }

    public DateTimeOffset RateLimitReset { get; set; }

    public long NextId() => ++lastId;

    public long UserId(string login)
    {
        if (!userIds.TryGetValue(login, out var id)) userIds[login] = id = NextId();
        return id;
    }

    /// <summary>The account holding <paramref name="login"/> is deleted and someone else registers the login: a new user id.</summary>
    public long ReRegister(string login) => userIds[login] = NextId();

    /// <summary>The repository, with what was pushed to its <see cref="FakeRepository.GitDirectory"/> taken in first.</summary>
    public FakeRepository? FindRepository(string owner, string name)
    {
        var repository = Repositories.GetValueOrDefault(owner + "/" + name);
        repository?.ImportFromGitUnlocked();
        return repository;
    }

    public FakeApp? FindAppByClientId(string? clientId) =>
        clientId is null ? null : Apps.Values.FirstOrDefault(a => string.Equals(a.ClientId, clientId, StringComparison.Ordinal));

    /// <summary>The login a user signs in with: a login as typed, or the login of the added user with that email address.</summary>
    public string? ResolveLogin(string? loginOrEmail)
    {
        var typed = loginOrEmail?.Trim();
        if (string.IsNullOrEmpty(typed)) return null;
        if (!typed.Contains('@', StringComparison.Ordinal)) return Users.TryGetValue(typed, out var user) ? user.Login : typed;
        return Users.Values.FirstOrDefault(u => string.Equals(u.Email, typed, StringComparison.OrdinalIgnoreCase))?.Login;
    }

    /// <summary>Whether an organisation of that name exists: added, holding a team, or with an app installed on it.</summary>
    public bool OrganizationExists(string org) =>
        Organizations.ContainsKey(org)
        || Teams.Values.Any(t => string.Equals(t.Organization, org, StringComparison.OrdinalIgnoreCase))
        || Installations.Values.Any(i => string.Equals(i.Account, org, StringComparison.OrdinalIgnoreCase));

    /// <summary>A direct member of <paramref name="org"/>, or a member of one of its teams.</summary>
    public bool IsMember(string org, string login) =>
        (Organizations.TryGetValue(org, out var organization) && organization.Members.Contains(login, StringComparer.OrdinalIgnoreCase))
        || Teams.Values.Any(t => string.Equals(t.Organization, org, StringComparison.OrdinalIgnoreCase) && t.Members.Contains(login, StringComparer.OrdinalIgnoreCase));
}
