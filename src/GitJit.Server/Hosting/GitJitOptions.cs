using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;

namespace GitJit.Server.Hosting;

/// <summary>GitJit's own settings (section <c>GitJit</c>), apart from the GitHub App's.</summary>
public sealed class GitJitOptions
{
    public const string SectionName = "GitJit";

    /// <summary>Where people reach this server, for links in comments (<c>&lt;PublicUrl&gt;/grants/…</c>). Optional: without it, comments carry no link.</summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>GitHub logins that may revoke any grant, see every grant on /grants, and open /hangfire.</summary>
    [SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "Bound from configuration.")]
    public string[] Admins { get; set; } = [];

    /// <summary>
    /// The branches of an access repository whose merges may grant, where rules, approvals and records come from; empty
    /// (the default) means each repository's default branch. Requests merged anywhere else are refused.
    /// </summary>
    [SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "Bound from configuration.")]
    public string[] GrantingBranches { get; set; } = [];

    /// <summary>
    /// How long before a grant's expiry its requester is told, in a pull-request comment, when it ends and how to extend
    /// it; zero turns the reminder off. Only grants with more than twice this long left get one.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ExpiryReminder { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The data directory when none is configured: <c>&lt;temp&gt;/gitjit</c>.</summary>
    public static string DefaultDataDirectory { get; } = Path.Combine(Path.GetTempPath(), "gitjit");

    /// <summary>Where local mirrors of access repositories are kept for audit commits, and the App /setup created.</summary>
    [Required]
    public string DataDirectory { get; set; } = DefaultDataDirectory;
}
