using System.Globalization;

namespace GitJit.Server.Sandbox;

/// <summary>What <c>sandbox</c> was asked for on its command line.</summary>
internal sealed record SandboxOptions(int Port, int GitHubPort, int GatewayPort, string? Folder)
{
    public const string Usage = """
        usage: GitJit.Server sandbox [--port 5080] [--github-port 5081] [--gateway-port 5083] [--folder <dir>]

        Runs GitJit with a local stand-in for GitHub, a throwaway PostgreSQL with sample data and the guarded gateway,
        all on this machine (loopback only). Nothing reaches github.com. Ctrl+C stops everything and deletes the folder.

          --port          GitJit's pages and webhooks (default 5080)
          --github-port   the GitHub stand-in's pages and API (default 5081)
          --gateway-port  the guarded gateway (default 5083)
          --folder        where the sandbox keeps its files (default: a new folder under the temp path)
        """;

    /// <summary>The options, or null with <paramref name="error"/> saying what is wrong.</summary>
    public static SandboxOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = new SandboxOptions(5080, 5081, 5083, null);
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                error = "";
                return null;
            }
            if (i + 1 >= args.Count)
            {
                error = $"{name} needs a value";
                return null;
            }
            var value = args[++i];
            switch (name)
            {
                case "--port" or "--github-port" or "--gateway-port":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
                    {
                        error = $"{name} must be a port number (1-65535), not '{value}'";
                        return null;
                    }
                    options = name switch
                    {
                        "--port" => options with { Port = port },
                        "--github-port" => options with { GitHubPort = port },
                        _ => options with { GatewayPort = port },
                    };
                    break;
                case "--folder":
                    options = options with { Folder = value };
                    break;
                default:
                    error = $"unknown option '{name}'";
                    return null;
            }
        }
        if (new[] { options.Port, options.GitHubPort, options.GatewayPort }.Distinct().Count() != 3)
        {
            error = "--port, --github-port and --gateway-port must differ";
            return null;
        }
        return options;
    }
}
