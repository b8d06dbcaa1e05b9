using GitJit.Sandbox.GitHub;

namespace GitJit.Sandbox;

/// <summary>The sandbox's GitHub: its organisation, people and teams, and the access repository seeded from files.</summary>
public static class SandboxRepository
{
    public const string Name = "access";

    /// <summary>
    /// Adds the organisation, its people and teams, and <c>acme/access</c>: a bare git repository at
    /// <paramref name="gitDirectory"/> that holds its one history (what people merge through the stand-in and what the bot
    /// pushes), whose first commit is every file under <paramref name="seedFolder"/> (requests, policies, schemas, CODEOWNERS).
    /// </summary>
    public static FakeRepository Seed(FakeGitHubServer github, string seedFolder, string gitDirectory)
    {
        ArgumentNullException.ThrowIfNull(github);
        foreach (var person in SandboxPeople.Everyone) github.AddUser(person.Login, person.Name, $"{person.Login}@{SandboxPeople.Organization}.example");
        github.AddOrganization(SandboxPeople.Organization, [.. SandboxPeople.Everyone.Select(p => p.Login)]);
        foreach (var (slug, members) in SandboxPeople.Teams) github.AddTeam(SandboxPeople.Organization, slug, [.. members]);

        LibGit2Sharp.Repository.Init(gitDirectory, isBare: true);
        var repository = github.AddRepository(SandboxPeople.Organization, Name);
        repository.GitDirectory = gitDirectory;
        repository.CloneUrl = gitDirectory;
        repository.WritesToGit = true;
        var tree = new FakeTree();
        foreach (var file in Directory.EnumerateFiles(seedFolder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            tree.With(Path.GetRelativePath(seedFolder, file).Replace('\\', '/'), File.ReadAllBytes(file));
        }
        if (tree.Entries.Count == 0) throw new InvalidOperationException($"No files to seed the access repository with in {seedFolder}.");
        repository.Commit(tree);
        return repository;
    }
}
