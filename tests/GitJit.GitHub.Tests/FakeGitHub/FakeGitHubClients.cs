using GitJit.Sandbox.GitHub;
using Octokit;

namespace GitJit.GitHub.Tests.FakeGitHub;

/// <summary>Real Octokit clients pointed at a <see cref="FakeGitHubServer"/>.</summary>
internal static class FakeGitHubClients
{
    public const long AppId = 4242;
    public const long InstallationId = 77;

    public static GitHubClient Anonymous(FakeGitHubServer server) => new(new ProductHeaderValue("gitjit-tests"), server.ApiUrl);

    public static GitHubClient WithJwt(FakeGitHubServer server, string jwt)
    {
        var client = Anonymous(server);
        client.Credentials = new Credentials(jwt, AuthenticationType.Bearer);
        return client;
    }

    public static GitHubClient WithToken(FakeGitHubServer server, string token)
    {
        var client = Anonymous(server);
        client.Credentials = new Credentials(token);
        return client;
    }

    /// <summary>A client acting as a user, with a user access token sent as "Authorization: Bearer …".</summary>
    public static GitHubClient WithUserToken(FakeGitHubServer server, string userToken)
    {
        var client = Anonymous(server);
        client.Credentials = new Credentials(userToken, AuthenticationType.Bearer);
        return client;
    }

    /// <summary>Registers an app and installation, exchanges a JWT for a token, and returns a client using it.</summary>
    public static async Task<GitHubClient> InstallationAsync(FakeGitHubServer server, TimeProvider? time = null)
    {
        var app = server.RegisterApp(AppId);
        app.AddInstallation(InstallationId, "acme");
        var token = await WithJwt(server, AppJwt.For(app, time ?? TimeProvider.System)).GitHubApps.CreateInstallationToken(InstallationId);
        return WithToken(server, token.Token);
    }
}
