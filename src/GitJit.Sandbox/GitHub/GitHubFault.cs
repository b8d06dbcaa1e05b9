namespace GitJit.Sandbox.GitHub;

/// <summary>
/// A way GitHub fails a request, as it answers it (status, headers, body), for <see cref="FakeGitHubServer.Fail"/>.
/// </summary>
public sealed record GitHubFault
{
    private GitHubFault(GitHubFaultKind kind, int status, TimeSpan wait)
    {
        Kind = kind;
        Status = status;
        Wait = wait;
    }

    public GitHubFaultKind Kind { get; }

    /// <summary>The status GitHub answers with.</summary>
    public int Status { get; }

    /// <summary>Retry-After of a secondary limit; how far off the reset of a primary limit is.</summary>
    public TimeSpan Wait { get; }

    /// <summary>A server error (500, 502, 503, 504) before GitHub did anything.</summary>
    public static GitHubFault ServerError(int status = 502) => new(GitHubFaultKind.ServerError, Check(status), TimeSpan.Zero);

    /// <summary>A server error answered after GitHub did the work: the comment or check run exists, the client hears 5xx.</summary>
    public static GitHubFault ServerErrorAfterWork(int status = 502) => new(GitHubFaultKind.ServerErrorAfterWork, Check(status), TimeSpan.Zero);

    /// <summary>
    /// The installation token the request carries was revoked before its expires_at: 401 "Bad credentials", for this
    /// request and every later one with that token. Requests without an installation token pass untouched.
    /// </summary>
    public static GitHubFault TokenRevoked() => new(GitHubFaultKind.TokenRevoked, 401, TimeSpan.Zero);

    /// <summary>403 "You have exceeded a secondary rate limit…" with <c>Retry-After</c> in whole seconds.</summary>
    public static GitHubFault SecondaryRateLimit(TimeSpan retryAfter) => new(GitHubFaultKind.SecondaryRateLimit, 403, retryAfter);

    /// <summary>403 "API rate limit exceeded…", <c>X-RateLimit-Remaining: 0</c>, <c>X-RateLimit-Reset</c> <paramref name="resetIn"/> from now.</summary>
    public static GitHubFault PrimaryRateLimit(TimeSpan resetIn) => new(GitHubFaultKind.PrimaryRateLimit, 403, resetIn);

    /// <summary>
    /// 422 "Validation Failed" with one error of GitHub's "custom" kind on <paramref name="resource"/> saying <paramref name="message"/>,
    /// as GitHub refuses what it will not create (a second pull request for a branch, a branch protected against it).
    /// </summary>
    public static GitHubFault ValidationFailed(string resource, string message) =>
        new(GitHubFaultKind.ValidationFailed, 422, TimeSpan.Zero) { Resource = resource, Message = message };

    /// <summary>The resource and message of <see cref="ValidationFailed"/>.</summary>
    public string? Resource { get; private init; }

    public string? Message { get; private init; }

    private static int Check(int status) =>
        status is >= 500 and <= 599 ? status : throw new ArgumentOutOfRangeException(nameof(status), status, "a server error is 5xx");
}

/// <summary>The kinds of <see cref="GitHubFault"/>.</summary>
public enum GitHubFaultKind
{
    ServerError,
    ServerErrorAfterWork,
    TokenRevoked,
    SecondaryRateLimit,
    PrimaryRateLimit,
    ValidationFailed,
}
