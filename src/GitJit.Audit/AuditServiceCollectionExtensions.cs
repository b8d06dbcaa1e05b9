using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitJit.Audit;

/// <summary>Registers the audit trail in git.</summary>
public static class AuditServiceCollectionExtensions
{
    /// <summary>The server's data directory, under which the audit mirrors are kept by default.</summary>
    private const string DataDirectorySetting = "GitJit:DataDirectory";

    /// <summary>
    /// <see cref="GitAuditLogOptions"/> from <see cref="GitAuditLogOptions.SectionName"/>, validated at start, with the
    /// working folder <c>&lt;GitJit:DataDirectory&gt;/audit-mirrors</c> unless set (the data directory defaulting to
    /// <c>&lt;temp&gt;/gitjit</c>); and one <see cref="GitAuditLog"/> for the process, unless one is registered already.
    /// </summary>
    public static IServiceCollection AddGitJitAudit(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<GitAuditLogOptions>()
            .Bind(configuration.GetSection(GitAuditLogOptions.SectionName))
            .PostConfigure(audit =>
            {
                if (!string.IsNullOrWhiteSpace(audit.WorkingFolder)) return;
                var dataDirectory = configuration[DataDirectorySetting];
                audit.WorkingFolder = Path.Combine(
                    string.IsNullOrWhiteSpace(dataDirectory) ? Path.Combine(Path.GetTempPath(), "gitjit") : dataDirectory, "audit-mirrors");
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(sp => new GitAuditLog(
            sp.GetRequiredService<IOptions<GitAuditLogOptions>>().Value, sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<GitAuditLog>>()));
        return services;
    }
}
