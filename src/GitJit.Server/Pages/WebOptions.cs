using System.ComponentModel.DataAnnotations;

namespace GitJit.Server.Pages;

/// <summary>Limits on the web pages (section <c>GitJit:Web</c>), validated at start.</summary>
public sealed class WebOptions
{
    public const string SectionName = "GitJit:Web";

    /// <summary>
    /// Reveals and revocations per signed-in person (else per address) per minute, 1–1000; page reads get ten times that,
    /// plus 60. Default 10.
    /// </summary>
    [Range(1, 1000, ErrorMessage = "GitJit:Web:ActionsPerMinute must be between 1 and 1000")]
    public int ActionsPerMinute { get; set; } = 10;

    /// <summary>A line shown at the top of every page, e.g. the sandbox's "nothing here reaches github.com". None by default.</summary>
    [MaxLength(500, ErrorMessage = "GitJit:Web:Notice must be at most 500 characters")]
    public string? Notice { get; set; }
}
