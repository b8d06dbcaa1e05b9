using GitJit.Core.Grants;

namespace GitJit.GitHub;

/// <summary>Asks GitHub, as the App and then as its installation, where a repository lives.</summary>
public sealed class GitHubInstalledRepositories(GitHubAppClients clients) : IInstalledRepositories
{
    public async Task<InstalledRepository> FindAsync(string owner, string repository, CancellationToken cancellationToken)
    {
        var installation = await clients.InstallationForAsync(owner, repository).ConfigureAwait(false);
        var client = await clients.ForInstallationAsync(installation, cancellationToken).ConfigureAwait(false);
        var found = await client.Repository.Get(owner, repository).ConfigureAwait(false);
        return new InstalledRepository(installation, found.CloneUrl, found.DefaultBranch);
    }
}
