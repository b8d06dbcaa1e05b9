namespace GitJit.Sandbox.GitHub;

/// <summary>One of a pull request's issue events (<c>closed</c>, <c>reopened</c>, <c>merged</c>): who, when, and for a merge its commit.</summary>
public sealed record FakeIssueEvent(long Id, string Event, string Actor, DateTimeOffset CreatedAt, string? CommitId);
