using Npgsql;

namespace GitJit.Server.Health;

/// <summary>
/// <c>GET /healthz</c>: whether the job storage answers and whether GitHub accepts the App's credentials. 200 when both
/// do, 503 otherwise; the server keeps running and retrying either way. The storage is asked each time; GitHub's
/// answer comes from <see cref="GitHubAppCheck"/>, which keeps it for a while.
/// </summary>
public static class HealthEndpoint
{
    public static IEndpointConventionBuilder MapGitJitHealth(this IEndpointRouteBuilder endpoints, string storage) =>
        endpoints.MapGet("/healthz", async (GitHubAppCheck gitHub, IServiceProvider services, CancellationToken cancellationToken) =>
        {
            var storageProblem = await StorageProblemAsync(services.GetService<NpgsqlDataSource>(), cancellationToken).ConfigureAwait(false);
            var (app, gitHubProblem) = await gitHub.CheckAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
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
}
