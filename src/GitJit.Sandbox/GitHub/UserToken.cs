namespace GitJit.Sandbox.GitHub;

/// <summary>
/// A user access token (ghu_…) an app got for <paramref name="Login"/>. When the app expires user tokens it lasts eight hours and comes
/// with a refresh token (ghr_…) good for six months; otherwise both expiry times and the refresh token are null.
/// </summary>
internal sealed record UserToken(
    string Value,
    FakeApp App,
    string Login,
    DateTimeOffset? ExpiresAt,
    string? RefreshToken,
    DateTimeOffset? RefreshTokenExpiresAt)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);
    public static readonly TimeSpan RefreshLifetime = TimeSpan.FromSeconds(15_811_200);

    public static UserToken Issue(FakeApp app, string login, DateTimeOffset now) =>
        app.ExpireUserTokens
            ? new(RandomToken.Create("ghu_", 36), app, login, now + Lifetime, RandomToken.Create("ghr_", 76), now + RefreshLifetime)
            : new(RandomToken.Create("ghu_", 36), app, login, null, null, null);

    public bool IsValidAt(DateTimeOffset now) => ExpiresAt is null || now < ExpiresAt;
}
