namespace GitJit.Sandbox.GitHub;

/// <summary>
/// A user account with a display name and email. Users need not be added: any login signs in and has an id;
/// adding one gives GET /user its name and email, and lets it sign in by email address.
/// </summary>
public sealed class FakeUser
{
    internal FakeUser(string login, long id, string? name, string? email)
    {
        Login = login;
        Id = id;
        Name = name;
        Email = email;
    }

    public string Login { get; }

    public long Id { get; }

    public string? Name { get; }

    /// <summary>The public email address, or null when the user keeps it private (GitHub's default).</summary>
    public string? Email { get; }
}
