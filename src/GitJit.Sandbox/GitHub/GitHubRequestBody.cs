using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// Reads a JSON request body whatever its Content-Type, as GitHub does: Octokit sends JSON labelled
/// application/x-www-form-urlencoded, which ASP.NET Core's own body binding would refuse.
/// </summary>
internal static class GitHubRequestBody
{
    /// <returns>The body, or null when it is not JSON of that shape (GitHub answers 400 "Problems parsing JSON").</returns>
    public static async Task<T?> ReadAsync<T>(HttpContext context)
        where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(context.Request.Body, GitHubJson.Options, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
