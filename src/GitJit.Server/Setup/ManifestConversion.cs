using GitJit.GitHub;
using Microsoft.Extensions.Options;
using Octokit;

namespace GitJit.Server.Setup;

/// <summary>
/// <c>POST &lt;ApiUrl&gt;/app-manifests/{code}/conversions</c> through Octokit, without credentials: the code GitHub sent
/// back after creating the App, valid for an hour and once, becomes the App with its secrets.
/// </summary>
public sealed class ManifestConversion(IOptions<GitHubOptions> options)
{
    private static readonly ProductHeaderValue Product = new("GitJit");

    /// <summary>The new App, or why GitHub gave none (never a secret).</summary>
    public async Task<(GitHubAppFromManifest? App, string? Problem)> ConvertAsync(string code)
    {
        var client = new GitHubClient(Product, options.Value.ApiUrl);
        client.SetRequestTimeout(TimeSpan.FromSeconds(30));
        try
        {
            var app = await client.GitHubApps.CreateAppFromManifest(code).ConfigureAwait(false);
            if (app.Id <= 0 || string.IsNullOrWhiteSpace(app.Pem) || string.IsNullOrWhiteSpace(app.WebhookSecret)
                || string.IsNullOrWhiteSpace(app.ClientId) || string.IsNullOrWhiteSpace(app.ClientSecret))
            {
                return (null, "GitHub's answer lacks the App's id, private key, webhook secret or OAuth client");
            }
            return (app, null);
        }
        catch (NotFoundException)
        {
            return (null, "GitHub does not know the code (404): it was used already, or it is not GitHub's");
        }
        catch (ApiException e)
        {
            return (null, $"GitHub answered {(int)e.StatusCode}: {e.ApiError?.Message ?? e.Message}");
        }
        catch (HttpRequestException e)
        {
            return (null, "GitHub does not answer: " + e.Message);
        }
        catch (TaskCanceledException)
        {
            return (null, "GitHub did not answer within 30 s");
        }
    }
}
