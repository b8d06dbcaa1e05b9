namespace GitJit.Sandbox.GitHub;

/// <summary>GitHub's three ways to merge a pull request (the merge button's <c>merge_method</c>).</summary>
public enum FakeMergeMethod
{
    /// <summary>A merge commit with two parents: the base branch's tip, then the pull request's head.</summary>
    Merge,

    /// <summary>One new commit on the base branch with the pull request's changes.</summary>
    Squash,

    /// <summary>Each of the pull request's commits replayed on the base branch, one new commit each.</summary>
    Rebase,
}
