using System.Collections.Concurrent;
using System.Security.Cryptography;
using Octokit;

namespace GitJit.GitHub;

/// <summary>
/// Octokit clients for the App and its installations. Installation tokens last an hour; each is reused until five
/// minutes before it expires, then renewed. Safe to share.
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
    private Task<string>? botLogin;

    public GitHubAppClients(GitHubOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.time = time;
        key.ImportFromPem(options.ReadPrivateKey());
        jwt = new GitHubAppJwt(options.AppId, key, time);
    }

    /// <summary>A client acting as the App itself (JWT), for App-level calls.</summary>
    public GitHubClient ForApp() => new(Product, options.ApiUrl) { Credentials = new Credentials(jwt.Create(), AuthenticationType.Bearer) };

    /// <summary>A client with no credentials, for public reads.</summary>
    public GitHubClient Anonymous() => new(Product, options.ApiUrl);

    /// <summary>A client acting as a signed-in person, with the OAuth token GitHub gave them (kept only for the call).</summary>
    public GitHubClient ForUser(string accessToken) => new(Product, options.ApiUrl) { Credentials = new Credentials(accessToken, AuthenticationType.Bearer) };

    /// <summary>A client acting as the installation, with a cached installation token.</summary>
    public async Task<GitHubClient> ForInstallationAsync(long installationId, CancellationToken cancellationToken) =>
        new(Product, options.ApiUrl) { Credentials = new Credentials(await InstallationTokenAsync(installationId, cancellationToken).ConfigureAwait(false)) };

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
