using System.Globalization;
using System.Security.Claims;
using GitJit.GitHub;
using GitJit.Server.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace GitJit.Server.Pages;

/// <summary>
/// "Sign in with GitHub": ASP.NET Core's OAuth handler against <c>&lt;WebUrl&gt;/login/oauth/…</c> with the App's client
/// id and secret, then a cookie. Who signed in is asked of GitHub's <c>/user</c> through Octokit; GitHub's token is
/// used for that one call and never kept. Without a client id and secret, pages say that sign-in is not configured.
/// </summary>
public static class SignIn
{
    public const string GitHubScheme = "GitHub";
    public const string AdminPolicy = "gitjit-admin";
    public const string CallbackPath = "/signin/github";
    private const string IdClaim = "urn:github:id";

    public static void AddGitJitSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        var github = configuration.GetSection(GitHubOptions.SectionName).Get<GitHubOptions>() ?? new GitHubOptions();
        var secure = CookiePolicy(configuration);
        var authentication = services.AddAuthentication(options =>
        {
            options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            options.DefaultChallengeScheme = github.SignInConfigured ? GitHubScheme : CookieAuthenticationDefaults.AuthenticationScheme;
        });
        authentication.AddCookie(options =>
        {
            options.Cookie.Name = "gitjit";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = secure;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = false;
            options.LoginPath = "/signin";
            options.Events.OnRedirectToAccessDenied = context =>
                Page.Problem(context.HttpContext, StatusCodes.Status403Forbidden, "Admins only", "Only GitJit's admins (GitJit:Admins) may open this page.")
                    .ExecuteAsync(context.HttpContext);
        });
        if (github.SignInConfigured)
        {
            authentication.AddOAuth(GitHubScheme, "GitHub", options =>
            {
                options.ClientId = github.ClientId!;
                options.ClientSecret = github.ClientSecret!;
                options.CallbackPath = CallbackPath;
                options.AuthorizationEndpoint = new Uri(github.WebUrl, "login/oauth/authorize").ToString();
                options.TokenEndpoint = new Uri(github.WebUrl, "login/oauth/access_token").ToString();
                // A GitHub App's sign-in needs no scopes: what the App may do is set by its permissions, and GitJit only reads /user.
                options.Scope.Clear();
                options.SaveTokens = false;
                options.UsePkce = true;
                options.CorrelationCookie.SameSite = SameSiteMode.Lax;
                options.CorrelationCookie.SecurePolicy = secure;
                options.Events.OnCreatingTicket = async context =>
                {
                    var clients = context.HttpContext.RequestServices.GetRequiredService<GitHubAppClients>();
                    var user = await clients.ForUser(context.AccessToken!).User.Current().ConfigureAwait(false);
                    context.Identity!.AddClaim(new Claim(ClaimTypes.Name, user.Login));
                    context.Identity.AddClaim(new Claim(IdClaim, user.Id.ToString(CultureInfo.InvariantCulture)));
                };
                options.Events.OnRemoteFailure = context =>
                {
                    // Cancelled on GitHub, a stale or replayed callback, GitHub unreachable: say so, never a stack trace.
                    var denied = context.Request.Query["error"] == "access_denied";
                    context.Response.Redirect("/signin/failed?reason=" + (denied ? "denied" : "failed"));
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });
        }
        services.AddAuthorizationBuilder().AddPolicy(AdminPolicy, policy => policy
            .RequireAuthenticatedUser()
            .RequireAssertion(context => context.Resource is HttpContext http
                && Viewer.From(context.User, http.RequestServices.GetRequiredService<Admins>()) is { IsAdmin: true }));
    }

    /// <summary><c>/signin</c> (start, or explain that sign-in is not configured), <c>/signin/failed</c>, <c>/signout</c>.</summary>
    public static void MapGitJitSignIn(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/signin", (HttpContext context, IOptions<GitHubOptions> github, string? returnUrl) =>
        {
            if (!github.Value.SignInConfigured)
            {
                return Page.Html(context, StatusCodes.Status503ServiceUnavailable, "Sign-in is not configured",
                    Html.P("GitJit's pages need “Sign in with GitHub”: set GitJit:GitHub:ClientId and GitJit:GitHub:ClientSecret (the App's OAuth client)."));
            }
            var target = returnUrl is { } url && IsLocal(url) ? url : "/grants";
            return Results.Challenge(new AuthenticationProperties { RedirectUri = target }, [GitHubScheme]);
        });
        endpoints.MapGet("/signin/failed", (HttpContext context, string? reason) =>
            Page.Html(context, StatusCodes.Status401Unauthorized, "Not signed in",
                Html.P(reason == "denied" ? "You did not authorize GitJit on GitHub, so you are not signed in." : "GitHub did not confirm who you are, so you are not signed in.")
                + Html.P(Html.Link("/signin", "Try again"))));
        endpoints.MapPost("/signout", async (HttpContext context) =>
        {
            if (await Page.RefuseForgeryAsync(context).ConfigureAwait(false) is { } refused) return refused;
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
            return Page.Html(context, StatusCodes.Status200OK, "Signed out", Html.P("You are signed out of GitJit (not of GitHub)."));
        });
    }

    /// <summary>
    /// Cookies are Secure-only when <c>GitJit:PublicUrl</c> is https (behind a TLS-terminating proxy the request itself
    /// may look like http); otherwise as the request came.
    /// </summary>
    public static CookieSecurePolicy CookiePolicy(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Uri.TryCreate(configuration["GitJit:PublicUrl"], UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps
            ? CookieSecurePolicy.Always
            : CookieSecurePolicy.SameAsRequest;
    }

    /// <summary>Only paths on this server: never an open redirect to another site (<c>//evil</c>, <c>/\evil</c>, <c>/&#9;/evil</c>).</summary>
    internal static bool IsLocal(string url) =>
        Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult.IsLocalUrl(url) && !url.Contains('\\', StringComparison.Ordinal) && !url.Any(char.IsControl);
}

/// <summary>Who is signed in: their GitHub login and id, and whether they are one of <c>GitJit:Admins</c> (by user id).</summary>
public sealed record Viewer(string Login, long Id, bool IsAdmin)
{
    public static Viewer? From(ClaimsPrincipal user, Admins admins)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(admins);
        if (user.Identity?.IsAuthenticated != true || user.FindFirst(ClaimTypes.Name)?.Value is not { Length: > 0 } login) return null;
        _ = long.TryParse(user.FindFirst("urn:github:id")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id);
        return new Viewer(login, id, admins.Includes(id));
    }

    public bool Is(string? login) => string.Equals(Login, login, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether the access was provisioned for this person: by GitHub user id when the provider knows it (a login can be
    /// renamed, and a freed login taken by someone else), else by login.
    /// </summary>
    public bool IsRequesterOf(GitJit.Core.Grants.ManagedAccess access)
    {
        ArgumentNullException.ThrowIfNull(access);
        return access.RequesterId is { } id ? Id > 0 && Id == id : Is(access.Requester);
    }
}
