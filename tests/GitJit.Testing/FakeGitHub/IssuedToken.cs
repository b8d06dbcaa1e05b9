namespace GitJit.Testing.FakeGitHub;

/// <summary>An installation access token the fake handed out, valid until <paramref name="ExpiresAt"/>.</summary>
internal sealed record IssuedToken(string Value, FakeInstallation Installation, DateTimeOffset ExpiresAt);
