using GitJit.Audit;
using GitJit.Core.Audit;
using GitJit.Core.Decisions;
using GitJit.Core.Grants;
using GitJit.Server.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GitJit.Server.Grants;

/// <summary>Registers grants: how a decided merge becomes a grant, and how a grant ends.</summary>
public static class GrantsServiceCollectionExtensions
{
    /// <summary>
    /// The providers by kind (those registered before, see <c>AddGitJitPostgres</c>), the audit trail over the git
    /// audit log, the grant workflow, its comments, the list of access repositories, and the revocation and reconciler
    /// jobs. Tests may register their own provisioning, providers or audit trail first.
    /// </summary>
    public static IServiceCollection AddGitJitGrants(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp => new AccessProviders(sp.GetServices<IAccessProvider>()));
        // The audit mirrors live under the server's data directory unless GitJit:Audit:WorkingFolder says otherwise.
        services.AddOptions<GitAuditLogOptions>().PostConfigure<IOptions<GitJitOptions>>((audit, gitjit) =>
        {
            if (string.IsNullOrWhiteSpace(audit.WorkingFolder)) audit.WorkingFolder = Path.Combine(gitjit.Value.DataDirectory, "audit-mirrors");
        });
        // Records on their way to git: in the shared database, or a file beside the mirrors for a single machine.
        services.TryAddSingleton(sp => new AuditOutbox(
            sp.GetService<NpgsqlDataSource>(), Path.Combine(sp.GetRequiredService<IOptions<GitJitOptions>>().Value.DataDirectory, "audit-outbox.json")));
        services.TryAddSingleton<IAuditTrail, GitAuditTrail>();
        services.AddHostedService<AuditOutboxPusher>();
        services.TryAddSingleton<IGrantProvisioning, GrantWorkflow>();
        services.AddSingleton<GrantComments>();
        services.AddSingleton(sp => new AccessRepositories(
            sp.GetService<NpgsqlDataSource>(), Path.Combine(sp.GetRequiredService<IOptions<GitJitOptions>>().Value.DataDirectory, "access-repositories.json"),
            sp.GetRequiredService<GrantingBranches>()));
        services.AddTransient<RevokeJob>();
        services.AddTransient<GrantExtender>();
        services.AddTransient<ScheduleCancellation>();
        services.AddTransient<ExtensionRequestMerge>();
        services.AddTransient<ExtensionRequestOpener>();
        services.AddSingleton<ExpiryReminders>();
        services.AddSingleton<EmergencyGrants>();
        services.AddTransient<EmergencyFollowUpJob>();
        services.AddTransient<ExpiryReminderJob>();
        services.AddTransient<Reconciler>();
        return services;
    }
}
