using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// The browser half of the web application flow. GET /login/oauth/authorize shows a sign-in form, or, for a browser already
/// signed in (user_session cookie, or <see cref="FakeGitHubState.SignedInAs"/>), redirects straight back with a code.
/// POST /login/oauth/authorize signs in ("Sign in") and redirects back with <c>code</c> and <c>state</c>, or ("Cancel")
/// with <c>error=access_denied</c>.
/// </summary>
internal static class AuthorizeRoutes
{
    public const string SessionCookie = "user_session";
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);

    private const string DeniedUri = "https://docs.github.com/apps/managing-oauth-apps/troubleshooting-authorization-request-errors/#access-denied";

    public static void Map(IEndpointRouteBuilder web, FakeGitHubState state)
    {
        web.MapGet("/login/oauth/authorize", (HttpContext context) =>
        {
            var request = AuthorizeRequest.Parse(state, key => context.Request.Query[key], out var errorPage);
            if (request is null) return errorPage!;

            string? login;
            lock (state.Gate)
            {
                login = context.Request.Cookies.TryGetValue(SessionCookie, out var session) ? state.Sessions.GetValueOrDefault(session) : null;
                login ??= state.SignedInAs;
            }

            return login is null ? OAuthPages.SignIn(request, problem: null) : RedirectWithCode(state, request, login);
        });

        web.MapPost("/login/oauth/authorize", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            var request = AuthorizeRequest.Parse(state, key => form[key], out var errorPage);
            if (request is null) return errorPage!;
            if (form["authorize"] != "1")
            {
                return Redirect(request, new()
                {
                    ["error"] = "access_denied",
                    ["error_description"] = "The user has denied your application access.",
                    ["error_uri"] = DeniedUri,
                });
            }

            string? login;
            lock (state.Gate) login = state.ResolveLogin(form["login"]);
            if (login is null) return OAuthPages.SignIn(request with { LoginHint = form["login"] }, "Incorrect username or password.");

            var session = RandomToken.Create("", 48);
            lock (state.Gate)
            {
                state.Sessions[session] = login;
                state.Minted.Add(("GitHub session cookie", session));
            }
            context.Response.Cookies.Append(SessionCookie, session, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/" });
            return RedirectWithCode(state, request, login);
        });
    }

    private static IResult RedirectWithCode(FakeGitHubState state, AuthorizeRequest request, string login)
    {
        var code = RandomToken.Hex(20);
        lock (state.Gate)
        {
            state.AuthorizationCodes.Add(code, new AuthorizationCode(code, request.App, login, request.RedirectUri, request.CodeChallenge, state.Time.GetUtcNow() + CodeLifetime));
            state.Minted.Add(("OAuth code", code));
        }

        return Redirect(request, new() { ["code"] = code });
    }

    private static IResult Redirect(AuthorizeRequest request, Dictionary<string, string?> parameters)
    {
        if (request.State is not null) parameters["state"] = request.State;
        return Results.Redirect(QueryHelpers.AddQueryString(request.RedirectUri, parameters));
    }
}
