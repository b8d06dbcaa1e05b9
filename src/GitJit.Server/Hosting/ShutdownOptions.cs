using System.ComponentModel.DataAnnotations;

namespace GitJit.Server.Hosting;

/// <summary>How this instance stops on SIGTERM (section <c>GitJit:Shutdown</c>), validated at start.</summary>
public sealed class ShutdownOptions
{
    public const string SectionName = "GitJit:Shutdown";

    /// <summary>
    /// The most a stop may take (5 s – 10 min, default 30 s): the host's shutdown timeout. A service manager must wait longer
    /// before it kills (the unit file's <c>TimeoutStopSec</c>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:10:00", ErrorMessage = "GitJit:Shutdown:Timeout must be between 00:00:05 and 00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long running jobs may go on after the stop before their cancellation token fires and Hangfire re-queues them
    /// (0 – 5 min, default 10 s; less than <see cref="Timeout"/>). Jobs are safe to run twice.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00", ErrorMessage = "GitJit:Shutdown:JobGrace must be between 00:00:00 and 00:05:00")]
    public TimeSpan JobGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>When Hangfire stops waiting for its workers: a little before <see cref="Timeout"/>, so the host never has to.</summary>
    public TimeSpan JobShutdown => Timeout - TimeSpan.FromSeconds(3);
}
