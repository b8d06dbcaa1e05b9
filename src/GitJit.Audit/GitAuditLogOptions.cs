using System.ComponentModel.DataAnnotations;

namespace GitJit.Audit;

/// <summary>How <see cref="GitAuditLog"/> commits and pushes. Bound from <see cref="SectionName"/>; validated when the log is built.</summary>
public sealed class GitAuditLogOptions
{
    public const string SectionName = "GitJit:Audit";

    /// <summary>A folder the process owns, for one bare mirror per clone URL (reused across calls and restarts).</summary>
    [Required]
    public string WorkingFolder { get; set; } = "";

    /// <summary>Author and committer name of every record commit.</summary>
    [Required]
    public string AuthorName { get; set; } = "gitjit[bot]";

    /// <summary>Author and committer e-mail of every record commit.</summary>
    [Required]
    [EmailAddress]
    public string AuthorEmail { get; set; } = "gitjit[bot]@users.noreply.github.com";

    /// <summary>Pushes tried before giving up when other writers keep moving the branch; 1 to 50, default 10.</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Back-off before the second attempt, doubled for each further one, with jitter; default 100 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest back-off between two attempts; default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
}
