using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Octokit;
using Octokit.Internal;

namespace GitJit.GitHub;

/// <summary>
/// Octokit clients for the App and its installations. Installation tokens last an hour; each is reused until five
/// minutes before it expires, then renewed, or until GitHub refuses it (401 Bad credentials: revoked early, say), then
/// dropped, so that the next call mints a new one. Safe to share.
/// </summary>
public sealed class GitHubAppClients : IDisposable
{
    private static readonly ProductHeaderValue Product = new("GitJit");
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    private readonly GitHubOptions options;
    private readonly TimeProvider time;
    private readonly RSA key = RSA.Create();
    private readonly GitHubAppJwt jwt;
    private readonly ConcurrentDictionary<long, Task<AccessToken>> tokens = new();
    private readonly ILogger logger;
    private readonly Uri apiBase;
    private Task<string>? botLogin;

    public GitHubAppClients(GitHubOptions options, TimeProvider time, ILogger<GitHubAppClients>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.time = time;
        this.logger = logger ?? NullLogger<GitHubAppClients>.Instance;
        key.ImportFromPem(options.ReadPrivateKey());
        jwt = new GitHubAppJwt(options.AppId, key, time);
        // Where Octokit puts the REST API for this URL (api/v3/ below any host but GitHub's own).
        apiBase = Anonymous().Connection.BaseAddress;
    }

    /// <summary>The App's id: what GitHub names as the app of its check runs.</summary>
    public long AppId => options.AppId;

    /// <summary>A client acting as the App itself (JWT), for App-level calls.</summary>
    public GitHubClient ForApp() => new(Product, options.ApiUrl) { Credentials = new Credentials(jwt.Create(), AuthenticationType.Bearer) };

    /// <summary>A client with no credentials, for public reads.</summary>
    public GitHubClient Anonymous() => new(Product, options.ApiUrl);

    /// <summary>A client acting as a signed-in person, with the OAuth token GitHub gave them (kept only for the call).</summary>
    public GitHubClient ForUser(string accessToken) => new(Product, options.ApiUrl) { Credentials = new Credentials(accessToken, AuthenticationType.Bearer) };

    /// <summary>A client acting as the installation, with a cached installation token, dropped if GitHub refuses it.</summary>
    public async Task<GitHubClient> ForInstallationAsync(long installationId, CancellationToken cancellationToken)
    {
        var token = await InstallationTokenAsync(installationId, cancellationToken).ConfigureAwait(false);
        var http = new HttpClientAdapter(() => new RefusedTokenHandler(this, installationId, token) { InnerHandler = HttpMessageHandlerFactory.CreateDefault() });
        return new(new Connection(Product, apiBase, new InMemoryCredentialStore(new Credentials(token)), http, new SimpleJsonSerializer()));
    }

    /// <summary>The installation's cached token, for git over HTTPS (user <c>x-access-token</c>). A secret: never log it.</summary>
    public async Task<string> InstallationTokenAsync(long installationId, CancellationToken cancellationToken)
    {
        var token = await tokens.GetOrAdd(installationId, CreateTokenAsync).ConfigureAwait(false);
        if (token.ExpiresAt - time.GetUtcNow() < RenewBefore)
        {
            var renewed = CreateTokenAsync(installationId);
            tokens[installationId] = renewed;
            token = await renewed.ConfigureAwait(false);
        }
        cancellationToken.ThrowIfCancellationRequested();
        return token.Token;
    }

    /// <summary>The id of the App's installation on <paramref name="owner"/>/<paramref name="repository"/>.</summary>
    public async Task<long> InstallationForAsync(string owner, string repository) =>
        (await ForApp().GitHubApps.GetRepositoryInstallationForCurrent(owner, repository).ConfigureAwait(false)).Id;

    /// <summary>The login the App comments as, <c>&lt;slug&gt;[bot]</c>, asked of GitHub once.</summary>
    public Task<string> BotLoginAsync()
    {
        var login = botLogin ??= FetchBotLoginAsync();
        if (login.IsFaulted) botLogin = null;
        return login;
    }

    public void Dispose() => key.Dispose();

    /// <summary>
    /// Drops <paramref name="token"/> from the cache when it is still the installation's cached token (GitHub refused it),
    /// so that the next call mints a new one; a token minted meanwhile stays.
    /// </summary>
    internal async Task RefusedAsync(long installationId, string token)
    {
        if (!tokens.TryGetValue(installationId, out var cached) || !cached.IsCompletedSuccessfully) return;
        var refused = await cached.ConfigureAwait(false);
        if (string.Equals(refused.Token, token, StringComparison.Ordinal) && tokens.TryRemove(KeyValuePair.Create(installationId, cached)))
        {
            GitHubLogEvents.InstallationTokenRefused(logger, installationId, refused.ExpiresAt);
        }
    }

    private async Task<string> FetchBotLoginAsync() =>
        (await ForApp().GitHubApps.GetCurrent().ConfigureAwait(false)).Slug + "[bot]";

    private async Task<AccessToken> CreateTokenAsync(long installationId)
    {
        try
        {
            return await ForApp().GitHubApps.CreateInstallationToken(installationId).ConfigureAwait(false);
        }
        catch
        {
            tokens.TryRemove(installationId, out _);
            throw;
        }
    }
}
