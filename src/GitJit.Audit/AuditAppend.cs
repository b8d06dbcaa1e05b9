using GitJit.Core.Audit;

namespace GitJit.Audit;

/// <summary>What appending did with one record.</summary>
public enum AuditAppendStatus
{
    /// <summary>The record is now on the branch, in its own commit.</summary>
    Committed,

    /// <summary>A file was already at the record's path at the branch tip: nothing was written.</summary>
    AlreadyPresent,
}

/// <summary>
/// The outcome for one record: <see cref="AuditAppendStatus.Committed"/> with its commit, or
/// <see cref="AuditAppendStatus.AlreadyPresent"/> (running the same job twice writes nothing new). A file at the
/// path never is overwritten; when its bytes differ from this record's, <see cref="ContentDiffers"/> says so: the path
/// is taken by another record (for a credentials-issued record, another reveal took that sequence first).
/// </summary>
public sealed record AuditAppend(AuditRecord Record, string Path, AuditAppendStatus Status, string? CommitId, bool ContentDiffers);
