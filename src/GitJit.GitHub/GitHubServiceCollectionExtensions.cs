using System.Security.Cryptography;
using GitJit.Core.Grants;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitJit.GitHub;

/// <summary>Registers the GitHub adapter.</summary>
public static class GitHubServiceCollectionExtensions
{
    /// <summary>
    /// The App's settings (<see cref="GitHubOptions.SectionName"/>), validated at start: an App id, a private key that is
    /// a PEM RSA key, a webhook secret, and the OAuth client id and secret together or not at all; and
    /// <see cref="GitHubAppClients"/>, one for the process; and what the grant code asks of GitHub
    /// (<see cref="IPullRequestComments"/>, <see cref="IInstalledRepositories"/>), unless a test registered its own.
    /// </summary>
    public static IServiceCollection AddGitJitGitHub(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<GitHubOptions>()
            .Bind(configuration.GetSection(GitHubOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => !string.IsNullOrWhiteSpace(o.PrivateKey) || File.Exists(o.PrivateKeyPath),
                "GitJit:GitHub:PrivateKeyPath must name the App's private key file (or set GitJit:GitHub:PrivateKey)")
            .Validate(IsPrivateKey, "GitJit:GitHub:PrivateKeyPath (or PrivateKey) does not hold a PEM RSA private key")
            .Validate(o => !string.IsNullOrWhiteSpace(o.WebhookSecret), "GitJit:GitHub:WebhookSecret must be set: unsigned webhooks are refused")
            .Validate(o => string.IsNullOrWhiteSpace(o.ClientId) == string.IsNullOrWhiteSpace(o.ClientSecret),
                "GitJit:GitHub:ClientId and GitJit:GitHub:ClientSecret go together (the App's OAuth client, for signing in to the pages): set both, or neither")
            .ValidateOnStart();
        services.AddSingleton(sp => new GitHubAppClients(
            sp.GetRequiredService<IOptions<GitHubOptions>>().Value, sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<GitHubAppClients>>()));
        services.TryAddSingleton<IPullRequestComments, GitHubPullRequestComments>();
        services.TryAddSingleton<IInstalledRepositories, GitHubInstalledRepositories>();
        return services;
    }

    private static bool IsPrivateKey(GitHubOptions options)
    {
        try
        {
            using var key = RSA.Create();
            key.ImportFromPem(options.ReadPrivateKey());
            return true;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException or IOException or InvalidOperationException)
        {
            return false;
        }
    }
}
