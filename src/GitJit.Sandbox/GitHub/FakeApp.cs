using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// A registered GitHub App: its id, slug and RSA key pair, and the client id and secret its users sign in through.
/// Comments it posts are by "<c>slug</c>[bot]".
/// </summary>
public sealed class FakeApp
{
    /// <summary>
    /// One RSA key pair per app id for the whole process: making a 2048-bit key takes 50–800 ms, and a test run starts
    /// hundreds of fake GitHubs. Apps with different ids still have different keys.
    /// </summary>
    private static readonly ConcurrentDictionary<long, Lazy<(string Pem, RSAParameters Public)>> Keys = new();

    private readonly FakeGitHubState state;
    private readonly List<Uri> callbackUrls = [];

    internal FakeApp(FakeGitHubState state, long appId, string slug, FakeAppRegistration? registration = null)
    {
        this.state = state;
        AppId = appId;
        Slug = slug;
        (PrivateKeyPem, PublicKey) = registration is null
            ? Keys.GetOrAdd(appId, _ => new(NewKey)).Value
            : NewKey();
        ClientId = RandomToken.Create("Iv23li", 14);
        ClientSecret = RandomToken.Hex(40);
        Registration = registration ?? FakeAppRegistration.Default(slug);
        if (registration is not null) callbackUrls.AddRange(registration.CallbackUrls);
    }

    /// <summary>
    /// What the App was registered with: its name, owner, permissions, events and webhook. Apps added with
    /// <see cref="FakeGitHubServer.RegisterApp"/> have GitJit's permissions and events, owned by "acme", with no webhook;
    /// apps created from a manifest have the manifest's, a fresh key (not the per-id one) and a webhook secret.
    /// </summary>
    public FakeAppRegistration Registration { get; }

    public long AppId { get; }

    public string Slug { get; }

    public string BotLogin => Slug + "[bot]";

    /// <summary>The private key as GitHub hands it out: PKCS#1, "-----BEGIN RSA PRIVATE KEY-----".</summary>
    public string PrivateKeyPem { get; }

    /// <summary>The OAuth client id, shaped like a GitHub App's ("Iv23li…"); it is not the app id.</summary>
    public string ClientId { get; }

    /// <summary>The OAuth client secret: 40 lower-case hex digits.</summary>
    public string ClientSecret { get; }

    /// <summary>
    /// Whether user access tokens expire (after eight hours, with a six-month refresh token): on by default, as for a new GitHub App.
    /// </summary>
    public bool ExpireUserTokens { get; set; } = true;

    /// <summary>
    /// The registered callback URLs; a redirect_uri must equal one of them. With none registered the fake accepts any redirect_uri,
    /// so a test need not know its relying party's port before registering the app.
    /// </summary>
    public IReadOnlyList<Uri> CallbackUrls
    {
        get { lock (state.Gate) return [.. callbackUrls]; }
    }

    internal RSAParameters PublicKey { get; }

    internal FakeGitHubState State => state;

    public FakeApp AddCallbackUrl(Uri callbackUrl)
    {
        ArgumentNullException.ThrowIfNull(callbackUrl);
        lock (state.Gate) callbackUrls.Add(callbackUrl);
        return this;
    }

    /// <summary>The App's page, <c>&lt;WebUrl&gt;apps/&lt;slug&gt;</c>; installing it starts at <c>…/installations/new</c>.</summary>
    public Uri HtmlUrl => new(state.WebUrl, "apps/" + Slug);

    public FakeInstallation AddInstallation(long installationId, string account)
    {
        lock (state.Gate)
        {
            var installation = new FakeInstallation(this, installationId, account);
            state.Installations.Add(installationId, installation);
            return installation;
        }
    }

    /// <summary>The redirect URI to use for <paramref name="requested"/> (null: the first callback URL), or null when it is not allowed.</summary>
    internal string? ResolveRedirectUri(string? requested)
    {
        lock (state.Gate)
        {
            if (string.IsNullOrEmpty(requested)) return callbackUrls.Count > 0 ? callbackUrls[0].ToString() : null;
            if (callbackUrls.Count == 0) return IsWebUrl(requested) ? requested : null;
            return callbackUrls.Any(u => string.Equals(u.ToString(), requested, StringComparison.Ordinal) || string.Equals(u.OriginalString, requested, StringComparison.Ordinal))
                ? requested
                : null;
        }
    }

    private static (string Pem, RSAParameters Public) NewKey()
    {
        using var rsa = RSA.Create(2048);
        return (rsa.ExportRSAPrivateKeyPem(), rsa.ExportParameters(includePrivateParameters: false));
    }

    private static bool IsWebUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
