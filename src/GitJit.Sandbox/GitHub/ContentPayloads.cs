using System.Text;

namespace GitJit.Sandbox.GitHub;

/// <summary>Builds contents payloads from a commit's tree, the way GitHub shapes them.</summary>
internal static class ContentPayloads
{
    /// <summary>GitHub serves inline content up to 1 MB; larger files come with empty content and encoding "none".</summary>
    public const int MaxInlineBytes = 1024 * 1024;

    public static ContentPayload File(FakeRepository repository, string reference, string path, FakeTreeEntry entry, bool withContent)
    {
        var tooLarge = entry.Content.Length > MaxInlineBytes;
        string? content = !withContent ? null : tooLarge ? "" : Base64WithLineBreaks(entry.Content.Span);
        string? encoding = !withContent ? null : tooLarge ? "none" : "base64";
        return Entry(repository, reference, path, "file", entry.Sha, entry.Content.Length, content, encoding, target: null, isBlob: true);
    }

    public static ContentPayload SymbolicLink(FakeRepository repository, string reference, string path, FakeTreeEntry entry, bool withTarget) =>
        Entry(repository, reference, path, "symlink", entry.Sha, entry.Content.Length, null, null,
            withTarget ? Encoding.UTF8.GetString(entry.Content.Span) : null, isBlob: true);

    public static ContentPayload Directory(FakeRepository repository, string reference, string path) =>
        Entry(repository, reference, path, "dir", GitObjectId.Blob(Encoding.UTF8.GetBytes("tree " + path)), 0, null, null, null, isBlob: false);

    /// <summary>Base64 broken into 60-character lines, each ending "\n", as Ruby's Base64.encode64 (and GitHub) writes it.</summary>
    public static string Base64WithLineBreaks(ReadOnlySpan<byte> bytes)
    {
        var base64 = Convert.ToBase64String(bytes);
        var text = new StringBuilder(base64.Length + (base64.Length / 60) + 1);
        for (var start = 0; start < base64.Length; start += 60)
        {
            text.Append(base64, start, Math.Min(60, base64.Length - start)).Append('\n');
        }

        return text.ToString();
    }

    private static ContentPayload Entry(
        FakeRepository repository, string reference, string path, string type, string sha, long size,
        string? content, string? encoding, string? target, bool isBlob)
    {
        var state = repository.State;
        var api = $"{state.ApiRoot}/repos/{repository.FullName}";
        var self = $"{api}/contents/{path}?ref={Uri.EscapeDataString(reference)}";
        var git = isBlob ? $"{api}/git/blobs/{sha}" : $"{api}/git/trees/{sha}";
        var html = $"{state.WebUrl}{repository.FullName}/{(isBlob ? "blob" : "tree")}/{reference}/{path}";
        var download = isBlob ? $"{state.WebUrl}{repository.FullName}/raw/{reference}/{path}" : null;
        var name = path[(path.LastIndexOf('/') + 1)..];
        return new(type, encoding, size, name, path, content, target, sha, self, git, html, download, new(self, git, html));
    }
}
