using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace GitJit.Testing;

/// <summary>
/// GitHub's published example deliveries, every event and action, from the npm package
/// <c>@octokit/webhooks-examples</c> at <see cref="Version"/>. The package is installed with npm into
/// <see cref="CacheFolder"/> the first time it is needed (<c>.ci/run</c> does so up front); it is never copied into
/// the repository. Without npm the tests that need it fail, saying how to install it.
/// </summary>
public static class WebhookExamples
{
    public const string Package = "@octokit/webhooks-examples";
    public const string Version = "7.6.1";

    /// <summary>Overrides <see cref="CacheFolder"/>: a folder holding (or to hold) the installed package.</summary>
    public const string Variable = "GITJIT_WEBHOOK_EXAMPLES";

    private static readonly Lazy<IReadOnlyList<WebhookExample>> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Where the package is installed: <c>$GITJIT_WEBHOOK_EXAMPLES</c>, else <c>.cache/webhooks-examples-7.6.1</c> in this checkout.</summary>
    public static string CacheFolder =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured
            ? configured
            : Path.Combine(ProjectFiles.Root, ".cache", "webhooks-examples-" + Version);

    /// <summary>Every example: those for github.com first, then those for each GitHub Enterprise Server version.</summary>
    public static IReadOnlyList<WebhookExample> All => Loaded.Value;

    private static List<WebhookExample> Load()
    {
        var package = Path.Combine(CacheFolder, "node_modules", "@octokit", "webhooks-examples");
        if (!File.Exists(Path.Combine(package, "api.github.com", "index.json"))) Install();
        var sets = Directory.GetDirectories(package).Select(Path.GetFileName).OfType<string>()
            .Where(d => File.Exists(Path.Combine(package, d, "index.json")))
            .OrderBy(d => d == "api.github.com" ? "" : d, StringComparer.Ordinal);
        var examples = new List<WebhookExample>();
        foreach (var set in sets)
        {
            using var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(package, set, "index.json")));
            foreach (var webhook in index.RootElement.EnumerateArray())
            {
                var name = webhook.GetProperty("name").GetString()!;
                var number = 0;
                foreach (var example in webhook.GetProperty("examples").EnumerateArray())
                {
                    var action = example.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
                    // The example's own text, as published: these are the exact bytes signed and sent.
                    examples.Add(new WebhookExample(set, name, action, number++, Encoding.UTF8.GetBytes(example.GetRawText())));
                }
            }
        }
        if (examples.Count == 0) throw new InvalidOperationException($"{Package}@{Version} in {package} holds no examples");
        return examples;
    }

    /// <summary>Installs the package into a fresh folder, then moves it into place, so no half-installed cache is ever read.</summary>
    [SuppressMessage("Usage", "VSTHRD002:Avoid problematic synchronous waits", Justification = 
        "Synchronous like its caller, a Lazy initializer. stderr is read asynchronously only so neither pipe fills while stdout is read; npm has exited when it is awaited.")]
    private static void Install()
    {
        var target = CacheFolder;
        var staging = target + ".installing-" + Guid.NewGuid().ToString("N");
        var command = $"npm install --prefix {staging} --no-save --no-audit --no-fund --ignore-scripts {Package}@{Version}";
        try
        {
            Directory.CreateDirectory(staging);
            var start = new ProcessStartInfo("npm", ["install", "--prefix", staging, "--no-save", "--no-audit", "--no-fund", "--ignore-scripts", $"{Package}@{Version}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var npm = Process.Start(start) ?? throw new InvalidOperationException("npm did not start");
            var error = npm.StandardError.ReadToEndAsync();
            npm.StandardOutput.ReadToEnd();
            if (!npm.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                npm.Kill(entireProcessTree: true);
                throw new InvalidOperationException("npm did not finish within 5 minutes");
            }
            if (npm.ExitCode != 0) throw new InvalidOperationException($"npm exited with {npm.ExitCode}: {error.Result.Trim()}");
            // Another test process may have finished first.
            if (File.Exists(Path.Combine(target, "node_modules", "@octokit", "webhooks-examples", "api.github.com", "index.json"))) return;
            if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            Directory.Move(staging, target);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            throw new InvalidOperationException(
                $"The webhook tests need GitHub's example deliveries, {Package}@{Version}, and could not install them ({e.Message}). "
                + $"Install Node.js's npm, or run `{command.Replace(staging, target, StringComparison.Ordinal)}`, or set {Variable} to a folder where it is installed.", e);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }
}

/// <summary>One published example delivery: its set (<c>api.github.com</c>, <c>ghes-3.5</c>…), event, action and body.</summary>
public sealed record WebhookExample(string Set, string Event, string? Action, int Number, byte[] Body)
{
    public override string ToString() => $"{Set} {Event}{(Action is null ? "" : "." + Action)} #{Number}";
}
