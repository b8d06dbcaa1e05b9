namespace GitJit.Sandbox.GitHub;

/// <summary>The repository object nested in pull requests (id, names, owner, URLs, default branch).</summary>
internal sealed record RepositoryPayload(
    long Id,
    string NodeId,
    string Name,
    string FullName,
    UserPayload Owner,
    bool Private,
    bool Fork,
    bool Archived,
    string HtmlUrl,
    string Url,
    string DefaultBranch,
    string Visibility,
    string CloneUrl)
{
    public static RepositoryPayload For(FakeRepository repository)
    {
        var state = repository.State;
        return new(
            repository.Id,
            $"R_fake{repository.Id}",
            repository.Name,
            repository.FullName,
            UserPayload.For(state, repository.Owner, state.OrganizationExists(repository.Owner) ? "Organization" : "User"),
            true,
            repository.Parent is not null,
            false,
            $"{state.WebUrl}{repository.FullName}",
            $"{state.ApiRoot}/repos/{repository.FullName}",
            repository.DefaultBranch,
            "private",
            repository.CloneUrl ?? $"{state.WebUrl}{repository.FullName}.git");
    }
}
