namespace GitJit.Sandbox;

/// <summary>Someone in the sandbox's organisation, and what they are there to do.</summary>
public sealed record SandboxPerson(string Login, string Name, string Part);

/// <summary>
/// The sandbox's organisation: the people and teams the example policies and CODEOWNERS name, so that every example
/// request has someone to ask and someone to approve.
/// </summary>
public static class SandboxPeople
{
    public const string Organization = "acme";

    /// <summary>The GitJit admin (may revoke any grant and open /hangfire).</summary>
    public const string Admin = "sasha";

    public static readonly IReadOnlyList<SandboxPerson> Everyone =
    [
        new("alice", "Alice Archer", "engineer: asks for orders-db access (the read-only role needs one approval)"),
        new("bob", "Bob Baker", "engineer"),
        new("carol", "Carol Chen", "engineer: asks for the orders-db write role (two approvals and an INC- ticket)"),
        new("dana", "Dana Diaz", "owns orders-db requests in CODEOWNERS: approves them"),
        new("olga", "Olga Orlova", "orders DBA (@acme/orders-dba): approves orders-db requests"),
        new("erin", "Erin Evans", "data analyst: asks for analytics-db access"),
        new("priya", "Priya Patel", "data platform (@acme/data-platform): approves analytics-db requests"),
        new("sam", "Sam Silva", "support lead: may ask for orders-db access"),
        new("sasha", "Sasha Stone", "platform security: owns the policies, and is GitJit's admin"),
    ];

    public static readonly IReadOnlyList<(string Slug, IReadOnlyList<string> Members)> Teams =
    [
        ("engineering", ["alice", "bob", "carol"]),
        ("support-leads", ["sam"]),
        ("orders-dba", ["olga"]),
        ("data", ["erin"]),
        ("data-platform", ["priya"]),
        ("platform-security", ["sasha"]),
    ];

    /// <summary>The teams <paramref name="login"/> is in.</summary>
    public static IEnumerable<string> TeamsOf(string login) =>
        Teams.Where(t => t.Members.Contains(login, StringComparer.OrdinalIgnoreCase)).Select(t => $"@{Organization}/{t.Slug}");
}
