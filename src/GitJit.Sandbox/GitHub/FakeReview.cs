namespace GitJit.Sandbox.GitHub;

/// <summary>A submitted pull-request review, pinned to the commit it reviewed.</summary>
public sealed record FakeReview(long Id, string Reviewer, string State, string CommitId, string Body, DateTimeOffset SubmittedAt);
