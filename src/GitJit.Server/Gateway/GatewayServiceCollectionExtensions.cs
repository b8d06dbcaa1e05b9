using GitJit.Gateway.Sql;
using GitJit.Gateway.Sessions;
using GitJit.Server.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GitJit.Server.Gateway;

/// <summary>Registers the server's side of the guarded gateway.</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="GatewayOptions"/> from <see cref="GatewayOptions.SectionName"/>, validated at start; the gateway's
    /// logins (<see cref="IGatewayLoginStore"/>, also as <see cref="IGatewayLogins"/>) and the upstream passwords'
    /// encryption (<see cref="UpstreamSecrets"/>, Data Protection purpose <see cref="UpstreamSecrets.Purpose"/>); and
    /// <see cref="GatewayCredentials"/>, which the credentials page uses for grants that require the gateway; the statement
    /// log (<see cref="SessionLog"/> as <see cref="ISessionEvents"/>, a hosted writer over <see cref="ISessionLogStore"/>).
    /// In GitJit's PostgreSQL with <see cref="GitJitStorage.PostgreSql"/>, else in the data directory.
    /// </summary>
    public static IServiceCollection AddGitJitGateway(this IServiceCollection services, IConfiguration configuration, GitJitStorage storage)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<GatewayOptions>()
            .Bind(configuration.GetSection(GatewayOptions.SectionName))
            .Validate(o => string.IsNullOrWhiteSpace(o.Listen) || GatewayAddress.ParseListen(o.Listen) is not null,
                "GitJit:Gateway:Listen must be address:port, e.g. 0.0.0.0:6432 or [::]:6432")
            .Validate(o => o.PublicPort is null or (>= 1 and <= 65535), "GitJit:Gateway:PublicPort must be a port, 1 to 65535")
            .ValidateOnStart();
        services.AddDataProtection();
        services.AddSingleton<UpstreamSecrets>();
        if (storage == GitJitStorage.PostgreSql)
        {
            services.AddSingleton<IGatewayLoginStore>(sp => new PostgresGatewayLogins(
                sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<UpstreamSecrets>(), sp.GetRequiredService<TimeProvider>()));
        }
        else
        {
            services.AddSingleton<IGatewayLoginStore>(sp => new FileGatewayLogins(
                Path.Combine(sp.GetRequiredService<IOptions<GitJitOptions>>().Value.DataDirectory, "gateway", "logins.json"),
                sp.GetRequiredService<UpstreamSecrets>(), sp.GetRequiredService<TimeProvider>()));
        }
        services.AddSingleton<IGatewayLogins>(sp => sp.GetRequiredService<IGatewayLoginStore>());
        services.AddSingleton<GatewayCredentials>();

        if (storage == GitJitStorage.PostgreSql)
        {
            services.AddSingleton<ISessionLogStore>(sp => new PostgresSessionLogStore(sp.GetRequiredService<NpgsqlDataSource>()));
        }
        else
        {
            services.AddSingleton<ISessionLogStore>(sp => new FileSessionLogStore(
                Path.Combine(sp.GetRequiredService<IOptions<GitJitOptions>>().Value.DataDirectory, "gateway", "sessions")));
        }
        services.AddSingleton<SessionLog>();
        services.AddSingleton<ISessionEvents>(sp => sp.GetRequiredService<SessionLog>());
        services.AddHostedService(sp => sp.GetRequiredService<SessionLog>());
        services.AddSingleton(sp => new SessionReports(sp.GetRequiredService<ISessionLogStore>(), sp.GetRequiredService<ILogger<SessionReports>>(), sp.GetRequiredService<SessionLog>()));

        // The proxy itself, when GatewayOptions.Listen is set: one classifier (its parser threads and cache) for every session.
        services.AddSingleton(_ => new StatementClassifier());
        services.AddSingleton<GatewayHost>();
        services.AddHostedService(sp => sp.GetRequiredService<GatewayHost>());
        return services;
    }
}
