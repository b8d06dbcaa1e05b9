using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using GitJit.GitHub;
using GitJit.Server.Hosting;
using Microsoft.Extensions.Configuration.Memory;

namespace GitJit.Server.Setup;

/// <summary>
/// The GitHub App that <c>/setup</c> created, as stored in the data directory: <see cref="FileName"/> (its id, slug,
/// page, owner, OAuth client, webhook secret) and <see cref="KeyFileName"/> (its private key), both mode 0600, each
/// written to a temporary file and renamed into place, so a crash leaves the whole file or none. Read back at start as
/// configuration below every other source: explicit settings win.
/// </summary>
internal sealed record StoredApp(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("slug")] string Slug,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("owner")] string Owner,
    [property: JsonPropertyName("html_url")] string HtmlUrl,
    [property: JsonPropertyName("client_id")] string ClientId,
    [property: JsonPropertyName("client_secret")] string ClientSecret,
    [property: JsonPropertyName("webhook_secret")] string WebhookSecret)
{
    public const string FileName = "github-app.json";
    public const string KeyFileName = "github-app.pem";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Whether a stored App exists in <paramref name="dataDirectory"/>.</summary>
    public static bool Exists(string dataDirectory) => File.Exists(Path.Combine(dataDirectory, FileName));

    /// <summary>Writes the App and its key into <paramref name="dataDirectory"/>: the key first, so a stored App always has one.</summary>
    public void Write(string dataDirectory, string privateKeyPem)
    {
        WriteSecret(dataDirectory, KeyFileName, privateKeyPem);
        WriteSecret(dataDirectory, FileName, JsonSerializer.Serialize(this, Json));
    }

    /// <summary>Writes <paramref name="text"/> as <paramref name="name"/> in <paramref name="dataDirectory"/> (made 0700 if new), readable by this user only.</summary>
    public static void WriteSecret(string dataDirectory, string name, string text)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(dataDirectory);
        else Directory.CreateDirectory(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        WriteSecretFile(Path.Combine(dataDirectory, name), text);
    }

    /// <summary>
    /// When the configuration names no App (<c>GitJit:GitHub:AppId</c>) and the data directory holds a stored one, adds
    /// it as the lowest configuration source: <c>GitJit:GitHub:AppId</c>, <c>PrivateKeyPath</c>, <c>WebhookSecret</c>,
    /// <c>ClientId</c> and <c>ClientSecret</c>. Returns the file read, or null.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file is there but unreadable: the server must not start as no App.</exception>
    public static StoredApp? AddTo(IConfigurationManager configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!string.IsNullOrWhiteSpace(configuration[GitHubOptions.SectionName + ":AppId"])) return null;
        // Only from a data directory the operator named: the default one is under the shared temp folder, where anyone on
        // the machine could have left an App of their own for the server to run as.
        var directory = configuration[GitJitOptions.SectionName + ":DataDirectory"];
        if (string.IsNullOrWhiteSpace(directory)) return null;
        var file = Path.Combine(directory, FileName);
        if (!File.Exists(file)) return null;
        StoredApp? stored;
        try
        {
            stored = JsonSerializer.Deserialize<StoredApp>(File.ReadAllText(file), Json);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{file} (the GitHub App /setup stored) cannot be read: {e.GetType().Name}. Fix or remove it (removing it starts setup again).", e);
        }
        if (stored is null || stored.Id <= 0) throw new InvalidOperationException($"{file} (the GitHub App /setup stored) holds no App id. Fix or remove it.");

        var prefix = GitHubOptions.SectionName + ":";
        configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                [prefix + "AppId"] = stored.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [prefix + "PrivateKeyPath"] = Path.Combine(directory, KeyFileName),
                [prefix + "WebhookSecret"] = stored.WebhookSecret,
                [prefix + "ClientId"] = stored.ClientId,
                [prefix + "ClientSecret"] = stored.ClientSecret,
            },
        });
        return stored;
    }

    /// <summary>The data directory the configuration names, or its default.</summary>
    public static string DataDirectory(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration[GitJitOptions.SectionName + ":DataDirectory"];
        return string.IsNullOrWhiteSpace(configured) ? GitJitOptions.DefaultDataDirectory : configured;
    }

    /// <summary>Creates the file 0600 from its first byte (never readable by others, even for a moment), then renames it into place.</summary>
    private static void WriteSecretFile(string path, string text)
    {
        var temporary = path + ".tmp";
        // One left by an earlier attempt would keep its own mode when opened again; and CreateNew refuses whatever appears
        // there meanwhile (a symbolic link planted by someone else) rather than write through it.
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(Encoding.UTF8.GetBytes(text));
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
