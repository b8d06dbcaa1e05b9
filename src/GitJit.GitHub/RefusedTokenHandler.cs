using System.Net;

namespace GitJit.GitHub;

/// <summary>
/// In an installation client's HTTP pipeline: when GitHub answers 401 to a request made with the installation's token,
/// that token is dropped from <see cref="GitHubAppClients"/>' cache (GitHub revoked it before it expired), so the
/// next attempt mints a new one instead of failing for the rest of the hour. The answer itself is passed on.
/// </summary>
internal sealed class RefusedTokenHandler(GitHubAppClients clients, long installationId, string token) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized) await clients.RefusedAsync(installationId, token).ConfigureAwait(false);
        return response;
    }
}
