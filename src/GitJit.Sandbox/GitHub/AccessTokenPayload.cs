namespace GitJit.Sandbox.GitHub;

/// <summary>201 body of POST /app/installations/{id}/access_tokens.</summary>
internal sealed record AccessTokenPayload(
    string Token,
    DateTimeOffset ExpiresAt,
    IReadOnlyDictionary<string, string> Permissions,
    string RepositorySelection);
