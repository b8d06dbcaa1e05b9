namespace GitJit.Sandbox.GitHub;

/// <summary>An installation of a <see cref="FakeApp"/> on an account; its tokens reach every repository.</summary>
public sealed class FakeInstallation
{
    internal FakeInstallation(FakeApp app, long id, string account)
    {
        App = app;
        Id = id;
        Account = account;
    }

    public FakeApp App { get; }

    public long Id { get; }

    public string Account { get; }

    /// <summary>The permissions reported on each token; GitJit's needs by default.</summary>
    public IDictionary<string, string> Permissions { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["checks"] = "write",
        ["contents"] = "write",
        ["issues"] = "write",
        ["members"] = "read",
        ["metadata"] = "read",
        ["pull_requests"] = "write",
    };
}
