using Microsoft.AspNetCore.Http;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// Lets a request through only with "Authorization: token …" or "Bearer …" holding an unexpired installation
/// token or a personal access token this fake issued; otherwise 401 "Bad credentials". The installation (or, for a
/// personal access token, the user's login) is left in <see cref="HttpContext.Items"/>.
/// </summary>
internal sealed class InstallationTokenFilter(FakeGitHubState state) : IEndpointFilter
{
    private const string ItemKey = "fake-github-installation";
    private const string UserKey = "fake-github-user";

    /// <summary>The installation whose token authenticated the request; null when a person's token did.</summary>
    public static FakeInstallation? Installation(HttpContext context) => context.Items[ItemKey] as FakeInstallation;

    /// <summary>Who acts: the installation's bot, or the person whose token authenticated the request.</summary>
    public static string Actor(HttpContext context) => Installation(context)?.App.BotLogin ?? (string)context.Items[UserKey]!;

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var token = Credential(context.HttpContext.Request.Headers.Authorization.ToString());
        lock (state.Gate)
        {
            if (token is not null && state.PersonalTokens.TryGetValue(token, out var login))
            {
                context.HttpContext.Items[UserKey] = login;
                return next(context);
            }

            if (token is null || !state.Tokens.TryGetValue(token, out var issued) || issued.ExpiresAt <= state.Time.GetUtcNow())
            {
                return ValueTask.FromResult<object?>(GitHubResults.BadCredentials());
            }

            if (state.RateLimitedRequests > 0)
            {
                state.RateLimitedRequests--;
                return ValueTask.FromResult<object?>(GitHubResults.RateLimited(issued.Installation.Id, state.RateLimitReset));
            }

            context.HttpContext.Items[ItemKey] = issued.Installation;
        }

        return next(context);
    }

    /// <summary>The credential after a "token" or "Bearer" scheme (any case), or null.</summary>
    public static string? Credential(string authorization)
    {
        var parts = authorization.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 2) return null;
        var scheme = parts[0];
        return scheme.Equals("token", StringComparison.OrdinalIgnoreCase) || scheme.Equals("bearer", StringComparison.OrdinalIgnoreCase)
            ? parts[1]
            : null;
    }
}
