using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using GitJit.Sandbox.GitHub;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitJit.GitHub.Tests.Browser;

/// <summary>
/// A tiny site with "Sign in with GitHub" through ASP.NET Core's own OAuth handler, pointed at a <see cref="FakeGitHubServer"/>:
/// a cookie scheme, an OAuth scheme with PKCE whose ticket takes the login from GET /user, and a page that says who is signed in.
/// </summary>
internal static class RelyingParty
{
    public const string Scheme = "GitHub";

    public static async Task<WebApplication> StartAsync(FakeGitHubServer github, FakeApp app)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services
            .AddAuthentication(o => (o.DefaultScheme, o.DefaultChallengeScheme) = (CookieAuthenticationDefaults.AuthenticationScheme, Scheme))
            .AddCookie()
            .AddOAuth(Scheme, o =>
            {
                o.ClientId = app.ClientId;
                o.ClientSecret = app.ClientSecret;
                o.CallbackPath = "/signin-github";
                o.AuthorizationEndpoint = new Uri(github.WebUrl, "login/oauth/authorize").ToString();
                o.TokenEndpoint = new Uri(github.WebUrl, "login/oauth/access_token").ToString();
                o.UserInformationEndpoint = new Uri(github.ApiUrl, "api/v3/user").ToString();
                o.UsePkce = true;
                o.AccessDeniedPath = "/denied";
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.ClaimActions.MapJsonKey(ClaimTypes.NameIdentifier, "id");
                o.ClaimActions.MapJsonKey(ClaimTypes.Name, "login");
                o.Events.OnCreatingTicket = async context =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, context.Options.UserInformationEndpoint);
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", context.AccessToken);
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
                    request.Headers.UserAgent.Add(new ProductInfoHeaderValue("gitjit-tests", "1"));
                    using var response = await context.Backchannel.SendAsync(request, context.HttpContext.RequestAborted);
                    response.EnsureSuccessStatusCode();
                    using var user = JsonDocument.Parse(await response.Content.ReadAsStringAsync(context.HttpContext.RequestAborted));
                    context.RunClaimActions(user.RootElement);
                };
            });

        var site = builder.Build();
        site.UseAuthentication();
        site.MapGet("/", (HttpContext context) => context.User.Identity?.IsAuthenticated == true
            ? Html($"<p>Signed in as <strong id=\"login\">{HtmlEncoder.Default.Encode(context.User.Identity.Name ?? "")}</strong></p>")
            : Results.Challenge(new AuthenticationProperties { RedirectUri = "/" }));
        site.MapGet("/denied", () => Html("<p id=\"denied\">You did not let us sign you in.</p>"));
        await site.StartAsync();
        return site;
    }

    private static IResult Html(string body) =>
        Results.Content($"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>GitJit</title></head><body>{body}</body></html>", "text/html; charset=utf-8");
}
