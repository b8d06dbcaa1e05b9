using GitJit.Core.Grants;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace GitJit.Postgres;

/// <summary>Registers the PostgreSQL provider.</summary>
public static class PostgresServiceCollectionExtensions
{
    /// <summary>The connection string of GitJit's own database (jobs, webhook inbox), which is no provider's target.</summary>
    public const string OwnConnection = "GitJit";

    /// <summary>
    /// The <see cref="IAccessProvider"/> for PostgreSQL, administering every <c>ConnectionStrings:&lt;name&gt;</c> but
    /// <see cref="OwnConnection"/>. When an <see cref="IAccessProvider"/> is registered already (a test's), none is added.
    /// </summary>
    public static IServiceCollection AddGitJitPostgres(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var targets = configuration.GetSection("ConnectionStrings").GetChildren()
            .Where(c => !string.Equals(c.Key, OwnConnection, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(c.Value))
            .ToDictionary(c => c.Key, c => c.Value!, StringComparer.Ordinal);
        services.TryAddSingleton(TimeProvider.System);
        if (!services.Any(s => s.ServiceType == typeof(IAccessProvider)))
        {
            services.AddSingleton<IAccessProvider>(sp => new PostgresAccessProvider(targets, sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<PostgresAccessProvider>>()));
        }
        return services;
    }
}
