using Npgsql;

namespace GitJit.Testing.Faults;

/// <summary>
/// The secret scan of a run, as RealGrantWorld's: every secret of the server's settings and every token the fake GitHub
/// handed out, searched for in the run's folder (each life's server log, the remote and the server's mirrors as git
/// objects, its data), in what was sent to GitHub, and in the job database. A crash path must not leak them either.
/// </summary>
internal static class RunSecrets
{
    public static IReadOnlyList<string> Hits(FaultWorld world)
    {
        var scan = new SecretScan();
        scan.Add("the webhook secret", FaultWorld.Secret);
        foreach (var (key, value) in world.Settings.Where(s => s.Key.StartsWith("ConnectionStrings:", StringComparison.Ordinal) && s.Value is not null))
        {
            scan.Add($"the password of {key}", new NpgsqlConnectionStringBuilder(value).Password);
        }
        foreach (var (what, value) in world.GitHub.Secrets)
        {
            if (what == "App private key") scan.AddPem(what, value);
            else scan.Add(what, value);
        }
        // Only the OAuth token exchange carries secrets to GitHub, as it must (the client secret, the code).
        scan.Watch("what was sent to GitHub", () => world.GitHub.Received.Where(r => r.Route != "POST /login/oauth/access_token").Select(r => ($"the body of {r.Route}", r.Body)));
        scan.Watch("the run's files, logs and git objects", () => SecretScan.Files(world.Folder));
        scan.Watch("GitJit's database", () => SecretScan.Database(world.Settings["ConnectionStrings:GitJit"]!));
        return scan.Hits();
    }
}
