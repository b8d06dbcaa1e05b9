namespace GitJit.Sandbox.GitHub;

/// <summary>
/// The code GitHub sends back after creating an App from a manifest: exchanged once, within an hour, at
/// <c>POST /app-manifests/{code}/conversions</c> for the App's credentials.
/// </summary>
internal sealed record ManifestCode(string Value, FakeApp App, DateTimeOffset ExpiresAt)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
}
