namespace GitJit.Server.Intake;

/// <summary>Registers webhook intake (the inbox itself comes with the storage).</summary>
public static class IntakeServiceCollectionExtensions
{
    /// <summary>The webhook processor, and <see cref="WebhookIntakeOptions"/> from <see cref="WebhookIntakeOptions.SectionName"/>, validated at start.</summary>
    public static IServiceCollection AddGitJitIntake(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<GitJitWebhookProcessor>();
        services.AddOptions<WebhookIntakeOptions>()
            .Bind(configuration.GetSection(WebhookIntakeOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }
}
