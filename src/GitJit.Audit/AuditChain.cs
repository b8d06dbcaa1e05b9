using LibGit2Sharp;

namespace GitJit.Audit;

/// <summary>The commits built for one attempt: what happened to each record, and the new tip to push (null: nothing new).</summary>
internal sealed record AuditChain(IReadOnlyList<AuditAppend> Appends, Commit? Head);
