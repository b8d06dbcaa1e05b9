using System.ComponentModel.DataAnnotations;

namespace GitJit.GitHub;

/// <summary>
/// The GitHub App GitJit runs as (configuration section <c>GitJit:GitHub</c>). The private key is given as a file
/// path or as PEM text; it never appears in logs.
/// </summary>
public sealed class GitHubOptions
{
    public const string SectionName = "GitJit:GitHub";

    /// <summary>The App's id, from its settings page.</summary>
    [Range(1, long.MaxValue, ErrorMessage = "GitJit:GitHub:AppId must be the GitHub App's numeric id")]
    public long AppId { get; set; }

    /// <summary>Path of the App's private key (PEM), as downloaded from GitHub.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>The App's private key as PEM text, when no file is used.</summary>
    public string? PrivateKey { get; set; }

    /// <summary>The secret webhook deliveries are signed with.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>The REST API's root: GitHub's public API by default, or a GitHub Enterprise Server's address.</summary>
    [Required]
    public Uri ApiUrl { get; set; } = new("https://api.github.com/");

    /// <summary>GitHub's web address (github.com, or a GitHub Enterprise Server's), where people sign in: the OAuth
    /// endpoints are <c>&lt;WebUrl&gt;/login/oauth/authorize</c> and <c>&lt;WebUrl&gt;/login/oauth/access_token</c>.</summary>
    [Required]
    public Uri WebUrl { get; set; } = new("https://github.com/");

    /// <summary>The App's OAuth client id (its settings page, "Client ID"), for "Sign in with GitHub" on GitJit's pages.</summary>
    public string? ClientId { get; set; }

    /// <summary>The App's OAuth client secret; never logged.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Whether sign-in is configured (both <see cref="ClientId"/> and <see cref="ClientSecret"/> are set).</summary>
    public bool SignInConfigured => !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret);

    /// <summary>The private key's PEM text, read from <see cref="PrivateKey"/> or <see cref="PrivateKeyPath"/>.</summary>
    public string ReadPrivateKey() =>
        !string.IsNullOrWhiteSpace(PrivateKey) ? PrivateKey
        : !string.IsNullOrWhiteSpace(PrivateKeyPath) ? File.ReadAllText(PrivateKeyPath)
        : throw new InvalidOperationException("set GitJit:GitHub:PrivateKeyPath or GitJit:GitHub:PrivateKey");
}
