namespace GitJit.Server.Health;

/// <summary>Registers what <c>/healthz</c> asks.</summary>
public static class HealthServiceCollectionExtensions
{
    /// <summary>The check of the App's credentials with GitHub.</summary>
    public static IServiceCollection AddGitJitHealth(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<GitHubAppCheck>();
        return services;
    }
}
