namespace GitJit.Sandbox.GitHub;

/// <summary>An installation access token the fake handed out, valid until <paramref name="ExpiresAt"/>.</summary>
internal sealed record IssuedToken(string Value, FakeInstallation Installation, DateTimeOffset ExpiresAt);
