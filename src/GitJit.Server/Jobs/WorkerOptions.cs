using System.ComponentModel.DataAnnotations;

namespace GitJit.Server.Jobs;

/// <summary>The Hangfire workers of this instance (section <c>GitJit:Worker</c>), validated at start.</summary>
public sealed class WorkerOptions
{
    public const string SectionName = "GitJit:Worker";

    /// <summary><c>false</c> makes an intake-only instance: it queues jobs and runs none. Default <c>true</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Workers for every job, revocations included (1–1000). Jobs mostly wait on GitHub, git and databases, so the default
    /// is 20, or 10 per core when that is more.
    /// </summary>
    [Range(1, 1000, ErrorMessage = "GitJit:Worker:Count must be between 1 and 1000")]
    public int Count { get; set; } = Math.Max(20, Environment.ProcessorCount * 10);

    /// <summary>
    /// Workers reserved for revocations and the reconciler (1–100), which nothing else can occupy. Default 4: a
    /// revocation holds its worker for the provider's work and one audit push, and records arriving together share a push.
    /// </summary>
    [Range(1, 100, ErrorMessage = "GitJit:Worker:RevocationCount must be between 1 and 100: revocations need workers of their own")]
    public int RevocationCount { get; set; } = 4;
}
