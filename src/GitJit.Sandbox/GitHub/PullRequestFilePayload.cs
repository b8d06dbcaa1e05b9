using System.Text.Json.Serialization;

namespace GitJit.Sandbox.GitHub;

/// <summary>One entry of GET …/pulls/{n}/files; <see cref="PreviousFilename"/> only for renames; no patch.</summary>
internal sealed record PullRequestFilePayload(
    string Sha,
    string Filename,
    string Status,
    int Additions,
    int Deletions,
    int Changes,
    string BlobUrl,
    string RawUrl,
    string ContentsUrl,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PreviousFilename);
