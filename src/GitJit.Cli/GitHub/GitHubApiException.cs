using System.Net;
using Octokit;

namespace GitJit.Cli.GitHub;

/// <summary>
/// GitHub could not be reached or answered with an error (an <see cref="IOException"/>: infrastructure, not a bug); the
/// message says which, with GitHub's own words, and never holds the token.
/// </summary>
public sealed class GitHubApiException : IOException
{
    public GitHubApiException()
    {
    }

    public GitHubApiException(string message)
        : base(message)
    {
    }

    public GitHubApiException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// <c>GitHub answered 422 Unprocessable Entity to POST …: Validation Failed (A pull request already exists …)</c>:
    /// the status, GitHub's message and each error it listed (its message, or resource, field and code).
    /// </summary>
    public static GitHubApiException From(ApiException exception, string what)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var status = (int)exception.StatusCode;
        var reason = Enum.IsDefined(exception.StatusCode) ? " " + Words(exception.StatusCode) : "";
        var message = exception.ApiError?.Message ?? exception.Message;
        var details = (exception.ApiError?.Errors ?? [])
            .Select(e => !string.IsNullOrEmpty(e.Message) ? e.Message : $"{e.Resource}.{e.Field}: {e.Code}")
            .ToList();
        var text = $"GitHub answered {status}{reason} to {what}: {message}" + (details.Count > 0 ? $" ({string.Join("; ", details)})" : "");
        return new GitHubApiException(text, exception);
    }

    private static string Words(HttpStatusCode code)
    {
        var name = code.ToString();
        return string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + c : c.ToString()));
    }
}
