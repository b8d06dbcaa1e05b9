using Microsoft.AspNetCore.Http;

namespace GitJit.Testing.FakeGitHub;

/// <summary>The responses GitHub gives, as results: JSON bodies and its error shapes.</summary>
internal static class GitHubResults
{
    private const string Docs = "https://docs.github.com/rest";

    public static IResult Json<T>(T payload, int status = StatusCodes.Status200OK) =>
        Results.Json(payload, GitHubJson.Options, "application/json; charset=utf-8", status);

    public static IResult BadJson() => Error(StatusCodes.Status400BadRequest, "Problems parsing JSON");

    public static IResult NotFound() => Error(StatusCodes.Status404NotFound, "Not Found");

    public static IResult BadCredentials() => Error(StatusCodes.Status401Unauthorized, "Bad credentials");

    public static IResult BadJwt() => Error(StatusCodes.Status401Unauthorized, "A JSON web token could not be decoded");

    public static IResult ValidationFailed(string resource, string field, string code, string? message = null) =>
        Json(
            new ErrorPayload("Validation Failed", Docs, "422", [new ValidationErrorPayload(resource, field, code, message)]),
            StatusCodes.Status422UnprocessableEntity);

    public static IResult Unprocessable(string message) => Error(StatusCodes.Status422UnprocessableEntity, message);

    private static IResult Error(int status, string message) =>
        Json(new ErrorPayload(message, Docs, status.ToString(System.Globalization.CultureInfo.InvariantCulture), null), status);
}
