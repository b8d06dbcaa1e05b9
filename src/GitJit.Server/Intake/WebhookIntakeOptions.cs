using System.ComponentModel.DataAnnotations;

namespace GitJit.Server.Intake;

/// <summary>
/// Limits on webhook requests, which anyone can send and which are read before their signature can be checked
/// (section <c>GitJit:Webhooks</c>). At most <see cref="MaxConcurrent"/> × <see cref="MaxBodyBytes"/> is held at once.
/// </summary>
public sealed class WebhookIntakeOptions
{
    public const string SectionName = "GitJit:Webhooks";

    /// <summary>
    /// The largest body read, in bytes; larger gets 413 unread. Default 1 MiB: GitJit's events (pull request, review,
    /// comment) stay far below it even with the longest bodies GitHub allows. GitHub itself caps payloads at 25 MB.
    /// </summary>
    [Range(16 * 1024, 25 * 1024 * 1024, ErrorMessage = "GitJit:Webhooks:MaxBodyBytes must be between 16384 and 26214400 (GitHub's 25 MB cap)")]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How many webhook requests are read at once; more get 503 with Retry-After. Default 32.</summary>
    [Range(1, 10_000, ErrorMessage = "GitJit:Webhooks:MaxConcurrent must be between 1 and 10000")]
    public int MaxConcurrent { get; set; } = 32;

    /// <summary>
    /// How long a request may take to send its body; slower gets 408, so a trickling client cannot hold a slot.
    /// Default 10 s, GitHub's own wait for an answer.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00", ErrorMessage = "GitJit:Webhooks:BodyTimeout must be between 00:00:01 and 00:01:00")]
    public TimeSpan BodyTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
