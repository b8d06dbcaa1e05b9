using Microsoft.AspNetCore.Http;

namespace GitJit.Sandbox.GitHub;

/// <summary>Who a browser is signed in to the fake as: its user_session cookie's login, else <see cref="FakeGitHubState.SignedInAs"/>.</summary>
internal static class BrowserSession
{
    public static string? Login(FakeGitHubState state, HttpContext context)
    {
        lock (state.Gate)
        {
            var login = context.Request.Cookies.TryGetValue(AuthorizeRoutes.SessionCookie, out var session) ? state.Sessions.GetValueOrDefault(session) : null;
            return login ?? state.SignedInAs;
        }
    }
}
