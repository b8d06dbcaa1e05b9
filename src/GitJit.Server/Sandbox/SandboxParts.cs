using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using GitJit.Gateway.Sql;
using GitJit.Sandbox;
using GitJit.Sandbox.GitHub;
using GitJit.Sandbox.Postgres;
using GitJit.Server.Intake;

namespace GitJit.Server.Sandbox;

/// <summary>The sandbox's running parts, started in order and stopped in reverse.</summary>
internal sealed class SandboxParts : IAsyncDisposable
{
    private const long AppId = 1;
    private const long InstallationId = 1;

    private readonly List<IAsyncDisposable> parts = [];

    private SandboxParts(string folder) => Folder = folder;

    public string Folder { get; }

    public Uri GitJitUrl { get; private set; } = null!;

    public Uri GitHubUrl { get; private set; } = null!;

    public string? GatewayAddress { get; private set; }

    /// <summary>Why there is no gateway (the SQL parser library is missing), or null.</summary>
    public string? NoGateway { get; private set; }

    /// <summary>Why there is no target database (no PostgreSQL server binaries), or null.</summary>
    public string? NoTarget { get; private set; }

    public ThrowawayPostgres? Postgres { get; private set; }

    public FakeGitHubServer GitHub { get; private set; } = null!;

    public FakeRepository Repository { get; private set; } = null!;

    public WebApplication Server { get; private set; } = null!;

    public string GitDirectory => Path.Combine(Folder, "access.git");

    public static async Task<SandboxParts> StartAsync(SandboxOptions options, string folder, CancellationToken cancellationToken)
    {
        var sandbox = new SandboxParts(folder);
        try
        {
            await sandbox.StartPartsAsync(options, cancellationToken).ConfigureAwait(false);
            return sandbox;
        }
        catch
        {
            await sandbox.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task StartPartsAsync(SandboxOptions options, CancellationToken cancellationToken)
    {
        foreach (var (what, port) in new[] { ("--port", options.Port), ("--github-port", options.GitHubPort), ("--gateway-port", options.GatewayPort) })
        {
            if (!PortIsFree(port)) throw new SandboxException($"port {port} ({what}) is in use on 127.0.0.1; choose another with {what}");
        }
        GitJitUrl = new Uri($"http://localhost:{options.Port.ToString(CultureInfo.InvariantCulture)}/");

        var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
        var bin = ThrowawayPostgres.FindBinaries();
        if (bin is null)
        {
            NoTarget = ThrowawayPostgres.HowToInstall;
        }
        else
        {
            Postgres = await ThrowawayPostgres.StartAsync(bin, Folder, cancellationToken: cancellationToken).ConfigureAwait(false);
            parts.Add(Postgres);
            foreach (var (name, connection) in await SampleData.CreateAsync(Postgres.ConnectionString, cancellationToken).ConfigureAwait(false))
            {
                settings["ConnectionStrings:" + name] = connection;
            }
        }

        GitHub = await FakeGitHubServer.StartAsync(
            time: null, new Uri($"http://127.0.0.1:{options.GitHubPort.ToString(CultureInfo.InvariantCulture)}/"), pages: true, cancellationToken).ConfigureAwait(false);
        parts.Add(GitHub);
        GitHubUrl = GitHub.WebUrl;
        var app = GitHub.RegisterApp(AppId, "gitjit");
        app.AddCallbackUrl(new Uri(GitJitUrl, "signin/github"));
        app.AddInstallation(InstallationId, SandboxPeople.Organization);
        var webhookSecret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        app.DeliverTo(new Uri(GitJitUrl, WebhookEndpoint.Path.TrimStart('/')), webhookSecret);
        Repository = SandboxRepository.Seed(GitHub, Path.Combine(AppContext.BaseDirectory, "sandbox", "seed"), GitDirectory);

        settings["Urls"] = GitJitUrl.ToString().TrimEnd('/');
        settings["GitJit:GitHub:AppId"] = AppId.ToString(CultureInfo.InvariantCulture);
        settings["GitJit:GitHub:PrivateKey"] = app.PrivateKeyPem;
        settings["GitJit:GitHub:WebhookSecret"] = webhookSecret;
        settings["GitJit:GitHub:ApiUrl"] = GitHub.ApiUrl.ToString();
        settings["GitJit:GitHub:WebUrl"] = GitHub.WebUrl.ToString();
        settings["GitJit:GitHub:ClientId"] = app.ClientId;
        settings["GitJit:GitHub:ClientSecret"] = app.ClientSecret;
        settings["GitJit:PublicUrl"] = GitJitUrl.ToString();
        settings["GitJit:Admins:0"] = SandboxPeople.Admin;
        settings["GitJit:DataDirectory"] = Path.Combine(Folder, "gitjit");
        settings["GitJit:Web:Notice"] = SandboxCommand.Notice;
        settings["GitJit:Worker:Count"] = "4";
        settings["Logging:LogLevel:Default"] = "Warning";
        NoGateway = ParserProblem();
        if (NoGateway is null)
        {
            GatewayAddress = "127.0.0.1:" + options.GatewayPort.ToString(CultureInfo.InvariantCulture);
            settings["GitJit:Gateway:Listen"] = GatewayAddress;
        }

        Server = GitJitApp.Build([], builder => builder.Configuration.AddInMemoryCollection(settings));
        await Server.StartAsync(cancellationToken).ConfigureAwait(false);
        parts.Add(Server);
    }

    /// <summary>What to open and what to try, in order.</summary>
    public string Steps()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"""

            GitJit sandbox: everything runs on this machine, on loopback. Nothing reaches github.com.

              GitHub stand-in    {GitHubUrl}   act as any person here
              GitJit             {GitJitUrl}grants
              gateway            {GatewayAddress ?? "not running: " + NoGateway}
              target databases   {(Postgres is null ? "none: " + NoTarget : $"orders and analytics on 127.0.0.1:{Postgres.Port} (throwaway PostgreSQL)")}
              access repository  {GitDirectory}

            Try it, in order:
              1. Open {GitHubUrl} and act as alice. Open a new access request: orders-db, read-only, 2m,
                 a reason, tables public.orders. The pull request gets GitJit's check run and plan comment.
              2. Act as olga (she approves orders-db requests) and approve the pull request: the check turns green.
              3. Act as alice and merge it. GitJit grants the role for 2 minutes and comments a link.
              4. Open the link, sign in with GitHub (you are alice), reveal the credentials and connect with the psql
                 command shown. Try `select * from orders` (allowed) and `delete from orders` (blocked by the gateway).
              5. Watch {GitJitUrl}grants. At expiry the role is revoked and the session cut.
              6. Read the story in git: the records are commits in the access repository.
                   git clone {GitDirectory} access && cd access && git log --stat
                   dotnet run --project <this checkout>/src/GitJit.Cli -- audit
              Also: comment `/gitjit revoke` on a merged request, ask for the write role as carol (two approvals, a ticket
              like INC-1), or break glass with `emergency: true`. The pages of both are on the links above.

            Ctrl+C stops everything{(Folder.StartsWith(Path.GetTempPath(), StringComparison.Ordinal) ? " and deletes " + Folder : "")}.
            """);
        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = parts.Count - 1; i >= 0; i--) await parts[i].DisposeAsync().ConfigureAwait(false);
        parts.Clear();
    }

    /// <summary>Why the gateway cannot run here (its SQL parser library is missing), or null when it can.</summary>
    private static string? ParserProblem()
    {
        try
        {
            using var classifier = new StatementClassifier();
            return null;
        }
        catch (DllNotFoundException missing)
        {
            return missing.Message;
        }
    }

    private static bool PortIsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
