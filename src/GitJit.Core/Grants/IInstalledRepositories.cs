namespace GitJit.Core.Grants;

/// <summary>Where a repository the App is installed on lives, as GitHub tells it; for the reconciler, which may meet a repository it has not seen since its start.</summary>
public interface IInstalledRepositories
{
    /// <summary>The App's installation on <paramref name="owner"/>/<paramref name="repository"/>, its clone URL and default branch.</summary>
    Task<InstalledRepository> FindAsync(string owner, string repository, CancellationToken cancellationToken);
}

/// <summary>A repository as the App reaches it: the installation that may act there, where to clone it, its default branch.</summary>
public sealed record InstalledRepository(long Installation, string CloneUrl, string DefaultBranch);
