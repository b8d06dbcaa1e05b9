using GitJit.Core.Decisions;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GitJit.Server.Hosting;

/// <summary>Registers what the process owns: the clock, its settings, the granting branches and the admins.</summary>
public static class HostingServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="GitJitOptions"/> from <see cref="GitJitOptions.SectionName"/>, validated at start (an absolute http(s)
    /// <c>PublicUrl</c>); the system clock unless a test registered its own; <see cref="GrantingBranches"/>; and
    /// <see cref="Admins"/>, resolved when the server starts; <see cref="ShutdownOptions"/> as the host's shutdown timeout,
    /// and the story of a stop in the log (<see cref="ShutdownStory"/>).
    /// </summary>
    public static IServiceCollection AddGitJitHosting(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        // First of the hosted services, so it stops last and can say that everything else did.
        services.AddHostedService<ShutdownStory>();
        services.AddOptions<ShutdownOptions>()
            .Bind(configuration.GetSection(ShutdownOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.JobGrace < o.JobShutdown, "GitJit:Shutdown:JobGrace must be more than 3 s shorter than GitJit:Shutdown:Timeout")
            .ValidateOnStart();
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.Timeout);
        services.AddOptions<GitJitOptions>()
            .Bind(configuration.GetSection(GitJitOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.PublicUrl is null || (o.PublicUrl.IsAbsoluteUri && o.PublicUrl.Scheme is "https" or "http"),
                "GitJit:PublicUrl must be an absolute http(s) address, e.g. https://gitjit.example.com/")
            .ValidateOnStart();
        services.AddSingleton(sp => new GrantingBranches(sp.GetRequiredService<IOptions<GitJitOptions>>().Value.GrantingBranches));
        services.AddSingleton<Admins>();
        services.AddHostedService(sp => sp.GetRequiredService<Admins>());
        return services;
    }
}
