using System.ComponentModel.DataAnnotations;

namespace GitJit.Audit;

/// <summary>
/// How <see cref="GitAuditLog"/> commits and pushes. Bound from <see cref="SectionName"/> and validated at start by
/// <see cref="AuditServiceCollectionExtensions.AddGitJitAudit"/>; validated again when the log is built.
/// </summary>
public sealed class GitAuditLogOptions
{
    public const string SectionName = "GitJit:Audit";

    /// <summary>
    /// A folder the process owns, for one bare mirror per clone URL (reused across calls and restarts). In the server it
    /// defaults to <c>&lt;GitJit:DataDirectory&gt;/audit-mirrors</c>.
    /// </summary>
    [Required(ErrorMessage = "GitJit:Audit:WorkingFolder must name a folder")]
    public string WorkingFolder { get; set; } = "";

    /// <summary>Author and committer name of every record commit.</summary>
    [Required(ErrorMessage = "GitJit:Audit:AuthorName must be set")]
    public string AuthorName { get; set; } = "gitjit[bot]";

    /// <summary>Author and committer e-mail of every record commit.</summary>
    [Required(ErrorMessage = "GitJit:Audit:AuthorEmail must be set")]
    [EmailAddress(ErrorMessage = "GitJit:Audit:AuthorEmail must be an e-mail address")]
    public string AuthorEmail { get; set; } = "gitjit[bot]@users.noreply.github.com";

    /// <summary>Pushes tried before giving up when other writers keep moving the branch; 1 to 50, default 10.</summary>
    [Range(1, 50, ErrorMessage = "GitJit:Audit:MaxAttempts must be between 1 and 50")]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Back-off before the second attempt, doubled for each further one, with jitter; default 100 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "GitJit:Audit:FirstRetryDelay must be between 00:00:00 and 00:01:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest back-off between two attempts; default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00", ErrorMessage = "GitJit:Audit:MaxRetryDelay must be between 00:00:00 and 00:05:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
}
