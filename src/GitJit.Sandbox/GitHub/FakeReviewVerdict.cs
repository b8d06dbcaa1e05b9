namespace GitJit.Sandbox.GitHub;

/// <summary>What a person's review says, as the three choices of GitHub's "Submit review" form.</summary>
public enum FakeReviewVerdict
{
    /// <summary>"Approve": state APPROVED.</summary>
    Approve,

    /// <summary>"Request changes": state CHANGES_REQUESTED; needs a body.</summary>
    RequestChanges,

    /// <summary>"Comment": state COMMENTED; needs a body.</summary>
    Comment,
}
