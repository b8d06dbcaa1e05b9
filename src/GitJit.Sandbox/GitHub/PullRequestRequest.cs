namespace GitJit.Sandbox.GitHub;

/// <summary>The body of POST …/pulls: head is a branch, or <c>owner:branch</c> for a fork's.</summary>
internal sealed record PullRequestRequest(string? Title, string? Head, string? Base, string? Body, bool? Draft);
