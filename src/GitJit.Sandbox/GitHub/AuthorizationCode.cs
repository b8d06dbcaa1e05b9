namespace GitJit.Sandbox.GitHub;

/// <summary>
/// A one-time code from the web flow: for <paramref name="App"/> and <paramref name="Login"/>, bound to the redirect URI it was sent to
/// and, when the client used PKCE, to an S256 <paramref name="CodeChallenge"/>. Valid until <paramref name="ExpiresAt"/> (ten minutes).
/// </summary>
internal sealed record AuthorizationCode(string Value, FakeApp App, string Login, string RedirectUri, string? CodeChallenge, DateTimeOffset ExpiresAt);
