using Microsoft.AspNetCore.Http;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// The parameters of GET /login/oauth/authorize, carried through the sign-in form: the app (by client_id), where to send the user
/// back, the client's state, a PKCE challenge and a login to suggest.
/// </summary>
internal sealed record AuthorizeRequest(FakeApp App, string RedirectUri, string? State, string? CodeChallenge, string? LoginHint)
{
    /// <summary>The request, or the error page GitHub shows instead of sending the user anywhere.</summary>
    public static AuthorizeRequest? Parse(FakeGitHubState state, Func<string, string?> read, out IResult? errorPage)
    {
        errorPage = null;
        FakeApp? app;
        lock (state.Gate) app = state.FindAppByClientId(read("client_id"));
        if (app is null)
        {
            errorPage = OAuthPages.Error(StatusCodes.Status404NotFound, "Not Found", "No application is registered with this client_id.");
            return null;
        }

        var redirectUri = app.ResolveRedirectUri(read("redirect_uri"));
        if (redirectUri is null)
        {
            errorPage = OAuthPages.Error(
                StatusCodes.Status400BadRequest, "Be careful!", $"The redirect_uri is not associated with this application ({app.Slug}).");
            return null;
        }

        var challenge = NullIfEmpty(read("code_challenge"));
        if (challenge is not null && read("code_challenge_method") != "S256")
        {
            errorPage = OAuthPages.Error(StatusCodes.Status400BadRequest, "Bad request", "code_challenge_method must be S256.");
            return null;
        }

        return new AuthorizeRequest(app, redirectUri, NullIfEmpty(read("state")), challenge, NullIfEmpty(read("login")));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
