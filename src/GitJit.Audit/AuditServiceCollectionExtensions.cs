using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitJit.Audit;

/// <summary>Registers the audit trail in git.</summary>
public static class AuditServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="GitAuditLogOptions"/> from <see cref="GitAuditLogOptions.SectionName"/>, validated at start (the host
    /// may post-configure a default working folder under its own data directory); and one <see cref="GitAuditLog"/>
    /// for the process, unless one is registered already.
    /// </summary>
    public static IServiceCollection AddGitJitAudit(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<GitAuditLogOptions>()
            .Bind(configuration.GetSection(GitAuditLogOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(sp => new GitAuditLog(
            sp.GetRequiredService<IOptions<GitAuditLogOptions>>().Value, sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<GitAuditLog>>()));
        return services;
    }
}
