using System.Text.Json.Serialization;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// GET /repos/{owner}/{repo}/contents/{path}: a file (base64 content), a symlink (target), or a directory entry
/// (no content). Fields a kind lacks are left out, as GitHub does.
/// </summary>
internal sealed record ContentPayload(
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Encoding,
    long Size,
    string Name,
    string Path,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Content,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Target,
    string Sha,
    string Url,
    string? GitUrl,
    string? HtmlUrl,
    string? DownloadUrl,
    [property: JsonPropertyName("_links")] ContentLinksPayload Links);

/// <summary>The "_links" object of a contents entry.</summary>
internal sealed record ContentLinksPayload(string Self, string? Git, string? Html);
