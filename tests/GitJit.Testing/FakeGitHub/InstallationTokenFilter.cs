using Microsoft.AspNetCore.Http;

namespace GitJit.Testing.FakeGitHub;

/// <summary>
/// Lets a request through only with "Authorization: token …" or "Bearer …" holding an unexpired installation
/// token this fake issued; otherwise 401 "Bad credentials". The installation is left in <see cref="HttpContext.Items"/>.
/// </summary>
internal sealed class InstallationTokenFilter(FakeGitHubState state) : IEndpointFilter
{
    private const string ItemKey = "fake-github-installation";

    public static FakeInstallation Installation(HttpContext context) => (FakeInstallation)context.Items[ItemKey]!;

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var token = Credential(context.HttpContext.Request.Headers.Authorization.ToString());
        lock (state.Gate)
        {
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
