namespace GitJit.Cli.GitHub;

/// <summary>
/// An open pull request that adds a request file: its number, link and author, and what the file asks for (null where
/// the file does not say, or cannot be read as a mapping).
/// </summary>
public sealed record PendingRequest(int Number, string HtmlUrl, string Author, string Path, string? Requester, string? Resource, string? Role, string? Duration);
