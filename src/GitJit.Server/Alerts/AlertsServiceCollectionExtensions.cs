using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GitJit.Server.Alerts;

/// <summary>Registers alerts on refused statements and on access that outlives its expiry.</summary>
public static class AlertsServiceCollectionExtensions
{
    /// <summary><see cref="AlertOptions"/> from <see cref="AlertOptions.SectionName"/>, the alert job, <see cref="RefusalAlerts"/> as a hosted service, and <see cref="OverdueAlerts"/>.</summary>
    public static IServiceCollection AddGitJitAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AlertOptions>().Bind(configuration.GetSection(AlertOptions.SectionName))
            .Validate(o => o.WebhookUrl is null || o.WebhookUrl is { IsAbsoluteUri: true, Scheme: "https" or "http" }, "GitJit:Alerts:WebhookUrl must be an absolute http(s) URL")
            .Validate(o => o.CommentInterval >= TimeSpan.Zero && o.WebhookInterval >= TimeSpan.Zero, "GitJit:Alerts intervals cannot be negative")
            .ValidateOnStart();
        services.AddHttpClient(AlertJob.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddTransient<AlertJob>();
        services.TryAddSingleton<RefusalAlerts>();
        services.TryAddSingleton<OverdueAlerts>();
        services.AddHostedService(sp => sp.GetRequiredService<RefusalAlerts>());
        services.AddSingleton<GitJit.Gateway.Sessions.ISessionEvents>(sp => sp.GetRequiredService<RefusalAlerts>());
        return services;
    }
}
