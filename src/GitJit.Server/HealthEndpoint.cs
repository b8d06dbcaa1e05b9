using GitJit.GitHub;
using Npgsql;

namespace GitJit.Server;

/// <summary>
/// <c>GET /healthz</c>: whether the job storage answers and whether GitHub accepts the App's credentials. 200 when both
/// do, 503 otherwise; the server keeps running and retrying either way.
/// </summary>
public static class HealthEndpoint
{
    public static IEndpointConventionBuilder MapGitJitHealth(this IEndpointRouteBuilder endpoints, string storage) =>
        endpoints.MapGet("/healthz", async (GitHubAppClients clients, IServiceProvider services, CancellationToken cancellationToken) =>
        {
            var storageProblem = await StorageProblemAsync(services.GetService<NpgsqlDataSource>(), cancellationToken).ConfigureAwait(false);
            var (app, gitHubProblem) = await GitHubAsync(clients).ConfigureAwait(false);
            var healthy = storageProblem is null && gitHubProblem is null;
            return Results.Json(new
            {
                status = healthy ? "ok" : "degraded",
                storage = new { kind = storage, ok = storageProblem is null, problem = storageProblem },
                github = new { ok = gitHubProblem is null, app, problem = gitHubProblem },
            }, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });

    private static async Task<string?> StorageProblemAsync(NpgsqlDataSource? database, CancellationToken cancellationToken)
    {
        if (database is null) return null;
        try
        {
            await using var command = database.CreateCommand("select 1");
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (NpgsqlException e)
        {
            return "PostgreSQL does not answer: " + e.Message;
        }
    }

    private static async Task<(string? App, string? Problem)> GitHubAsync(GitHubAppClients clients)
    {
        try
        {
            var app = await clients.ForApp().GitHubApps.GetCurrent().ConfigureAwait(false);
            return (app.Slug, null);
        }
        catch (Octokit.ApiException e)
        {
            return (null, $"GitHub refused the App's credentials ({(int)e.StatusCode})");
        }
        catch (HttpRequestException e)
        {
            return (null, "GitHub does not answer: " + e.Message);
        }
    }
}
