using Microsoft.AspNetCore.Http;

namespace GitJit.Sandbox.GitHub;

/// <summary>The responses GitHub gives, as results: JSON bodies and its error shapes.</summary>
internal static class GitHubResults
{
    private const string Docs = "https://docs.github.com/rest";

    public static IResult Json<T>(T payload, int status = StatusCodes.Status200OK) =>
        Results.Json(payload, GitHubJson.Options, "application/json; charset=utf-8", status);

    public static IResult BadJson() => Error(StatusCodes.Status400BadRequest, "Problems parsing JSON");

    public static IResult NotFound() => Error(StatusCodes.Status404NotFound, "Not Found");

    public static IResult BadCredentials() => Error(StatusCodes.Status401Unauthorized, "Bad credentials");

    public static IResult RequiresAuthentication() => Error(StatusCodes.Status401Unauthorized, "Requires authentication");

    public static IResult NotAccessibleByIntegration() => Error(StatusCodes.Status403Forbidden, "Resource not accessible by integration");

    /// <summary>What GitHub answers a person's token on routes only a GitHub App may use (creating check runs).</summary>
    public static IResult AppRequired() => Error(StatusCodes.Status403Forbidden, "You must authenticate via a GitHub App.");

    public static IResult BadJwt() => Error(StatusCodes.Status401Unauthorized, "A JSON web token could not be decoded");

    public static IResult ValidationFailed(string resource, string field, string code, string? message = null) =>
        Json(
            new ErrorPayload("Validation Failed", Docs, "422", [new ValidationErrorPayload(resource, field, code, message)]),
            StatusCodes.Status422UnprocessableEntity);

    /// <summary>A 422 whose one error is GitHub's "custom" kind: a sentence and no field.</summary>
    public static IResult ValidationFailedCustom(string resource, string message) =>
        Json(
            new ErrorPayload("Validation Failed", Docs, "422", [new ValidationErrorPayload(resource, null, "custom", message)]),
            StatusCodes.Status422UnprocessableEntity);

    /// <summary>
    /// GitHub's answer when an installation's primary rate limit is used up: 403, the limit headers with remaining 0
    /// and the reset time in epoch seconds, and the message clients recognise.
    /// </summary>
    public static IResult RateLimited(long? installationId, DateTimeOffset reset) => new RateLimitedResult(installationId, reset);

    /// <summary>
    /// GitHub's answer when a client trips a secondary rate limit: 403, the message clients recognise, <c>Retry-After</c>
    /// in seconds, and the primary limit's headers showing requests left.
    /// </summary>
    public static IResult SecondaryRateLimited(TimeSpan retryAfter) => new SecondaryRateLimitedResult(retryAfter);

    /// <summary>GitHub's server errors (500, 502, 503, 504): <c>{"message":"Server Error"}</c>, nothing more.</summary>
    public static IResult ServerError(int status) => Results.Json(new ServerErrorPayload("Server Error"), GitHubJson.Options, "application/json; charset=utf-8", status);

    public static IResult Unprocessable(string message) => Error(StatusCodes.Status422UnprocessableEntity, message);

    public static IResult Error(int status, string message) =>
        Json(new ErrorPayload(message, Docs, status.ToString(System.Globalization.CultureInfo.InvariantCulture), null), status);
}

internal sealed record ServerErrorPayload(string Message);

internal sealed class RateLimitedResult(long? installationId, DateTimeOffset reset) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var headers = httpContext.Response.Headers;
        headers["x-ratelimit-limit"] = "5000";
        headers["x-ratelimit-remaining"] = "0";
        headers["x-ratelimit-used"] = "5000";
        headers["x-ratelimit-resource"] = "core";
        headers["x-ratelimit-reset"] = reset.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Json(
            new ErrorPayload(installationId is { } id ? $"API rate limit exceeded for installation ID {id}." : "API rate limit exceeded.", "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api", "403", null),
            GitHubJson.Options, "application/json; charset=utf-8", StatusCodes.Status403Forbidden).ExecuteAsync(httpContext);
    }
}

internal sealed class SecondaryRateLimitedResult(TimeSpan retryAfter) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var headers = httpContext.Response.Headers;
        headers["retry-after"] = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["x-ratelimit-limit"] = "5000";
        headers["x-ratelimit-remaining"] = "4990";
        headers["x-ratelimit-used"] = "10";
        headers["x-ratelimit-resource"] = "core";
        return Results.Json(
            new ErrorPayload(
                "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:1111:2222:3333:44444444.",
                "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits", "403", null),
            GitHubJson.Options, "application/json; charset=utf-8", StatusCodes.Status403Forbidden).ExecuteAsync(httpContext);
    }
}
