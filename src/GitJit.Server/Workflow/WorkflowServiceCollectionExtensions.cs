namespace GitJit.Server.Workflow;

/// <summary>Registers the bot's decisions on GitHub's facts.</summary>
public static class WorkflowServiceCollectionExtensions
{
    /// <summary>The evaluation of an open pull request, the decision on a merge, and the expiry of pending requests.</summary>
    public static IServiceCollection AddGitJitWorkflow(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<PullRequestEvaluation>();
        services.AddSingleton<MergeEvaluation>();
        services.AddSingleton<PendingRequestExpiry>();
        return services;
    }
}
