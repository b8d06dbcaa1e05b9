using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace GitJit.Sandbox.GitHub.Pages;

/// <summary>
/// The pages' sign-in, on the web flow's own <c>user_session</c> cookie (so "Sign in with GitHub" then signs in as the same
/// person), and their forgery checks: a POST must come from a page of the stand-in itself (Origin, Sec-Fetch-Site) and, once
/// signed in, carry the form token derived from the session (an HMAC under a key made at start).
/// </summary>
internal sealed class PageSessions(FakeGitHubState state)
{
    public const string FormTokenField = "_form_token";

    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);

    public PageVisitor Visitor(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(AuthorizeRoutes.SessionCookie, out var session) || string.IsNullOrEmpty(session)) return new(null, null);
        string? login;
        lock (state.Gate) login = state.Sessions.GetValueOrDefault(session);
        return login is null ? new(null, null) : new(login, FormToken(session));
    }

    /// <summary>Signs the browser in as <paramref name="login"/>, as the sign-in form of the web flow does.</summary>
    public void SignIn(HttpContext context, string login)
    {
        var session = RandomToken.Create("", 48);
        lock (state.Gate)
        {
            state.Sessions[session] = login;
            state.Minted.Add(("GitHub session cookie", session));
        }
        context.Response.Cookies.Append(AuthorizeRoutes.SessionCookie, session, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/" });
    }

    public void SignOut(HttpContext context)
    {
        if (context.Request.Cookies.TryGetValue(AuthorizeRoutes.SessionCookie, out var session))
        {
            lock (state.Gate) state.Sessions.Remove(session);
        }
        context.Response.Cookies.Delete(AuthorizeRoutes.SessionCookie, new CookieOptions { Path = "/" });
    }

    /// <summary>Whether a POST came from one of the stand-in's own pages, as far as the browser tells.</summary>
    public static bool IsSameOrigin(HttpContext context)
    {
        var headers = context.Request.Headers;
        var site = headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none")) return false;
        var origin = headers.Origin.ToString();
        if (origin.Length == 0 || origin == "null") return origin.Length == 0;
        return Uri.TryCreate(origin, UriKind.Absolute, out var from)
            && string.Equals(from.Scheme, context.Request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(from.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The signed-in visitor of a same-origin POST whose form token is theirs, or null: the POST is refused.</summary>
    public PageVisitor? Authorize(HttpContext context, IFormCollection form)
    {
        if (!IsSameOrigin(context)) return null;
        var visitor = Visitor(context);
        if (!visitor.IsSignedIn) return null;
        var sent = Encoding.ASCII.GetBytes(form[FormTokenField].ToString());
        return CryptographicOperations.FixedTimeEquals(sent, Encoding.ASCII.GetBytes(visitor.FormToken!)) ? visitor : null;
    }

    private string FormToken(string session) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(session)));
}
