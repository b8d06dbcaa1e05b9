using Octokit;

namespace GitJit.GitHub;

/// <summary>
/// Whether a granting branch is protected on GitHub (a branch protection rule or a ruleset; GitHub reports either as
/// <c>protected</c>). GitJit grants only from protected branches: a branch anyone with write access can push to, or
/// create, holds whatever rules they like.
/// </summary>
public static class BranchProtection
{
    /// <returns>True when the branch exists and is protected.</returns>
    public static async Task<bool> IsProtectedAsync(IGitHubClient client, string owner, string repository, string branch)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            return (await client.Repository.Branch.Get(owner, repository, branch).ConfigureAwait(false)).Protected;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }

    /// <summary>The finding for a request whose granting branch is not protected.</summary>
    public static GitJit.Core.Finding Unprotected(string requestPath, string branch) =>
        GitJit.Core.Finding.Error(requestPath, GitJit.Core.SourcePosition.File, "pr.branch-unprotected",
            $"the granting branch {GitJit.Core.Text.Quote(branch, 100)} is not protected on GitHub, so anyone who can push to it could change the rules: "
            + "GitJit grants only from a protected branch (a rule or ruleset requiring pull request reviews and the gitjit check)");
}
