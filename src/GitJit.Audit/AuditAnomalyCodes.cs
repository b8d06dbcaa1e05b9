namespace GitJit.Audit;

/// <summary>The stable codes of <see cref="AuditAnomaly"/>.</summary>
public static class AuditAnomalyCodes
{
    /// <summary>A file under audit/ is not a readable record (bad JSON, unknown field, wrong type, too large).</summary>
    public const string RecordUnreadable = "record.unreadable";

    /// <summary>
    /// A file under audit/ is not at <c>audit/&lt;pull&gt;/&lt;event&gt;.json</c> or
    /// <c>audit/&lt;pull&gt;/credentials-issued-&lt;n&gt;.json</c>, or not a regular file.
    /// </summary>
    public const string RecordUnexpectedPath = "record.unexpected-path";

    /// <summary>A record's pullRequest, event or sequence is not what its path says.</summary>
    public const string RecordPathMismatch = "record.path-mismatch";

    /// <summary>A record file was changed after the commit that added it.</summary>
    public const string HistoryModified = "history.modified";

    /// <summary>A record file was deleted after the commit that added it.</summary>
    public const string HistoryDeleted = "history.deleted";

    /// <summary>The commit that added a record does not carry its GitJit-Request and GitJit-Event trailers.</summary>
    public const string HistoryCommitMismatch = "history.commit-mismatch";

    /// <summary>A grant expired more than the bound ago and has no revoked or orphan-revoked record.</summary>
    public const string GrantMissingRevocation = "grant.missing-revocation";

    /// <summary>A grant was revoked more than the bound after it expired.</summary>
    public const string GrantLateRevocation = "grant.late-revocation";

    /// <summary>
    /// A grant has two records of one event (credentials-issued aside: there may be many), or both a revoked and an
    /// orphan-revoked record.
    /// </summary>
    public const string GrantDuplicate = "grant.duplicate";

    /// <summary>A revoked record with no granted record (orphan-revoked records need none).</summary>
    public const string GrantRevokedWithoutGrant = "grant.revoked-without-grant";

    /// <summary>A request both granted and refused.</summary>
    public const string GrantGrantedAndRefused = "grant.granted-and-refused";

    /// <summary>A granted record without expiresAt: nothing bounds it.</summary>
    public const string GrantNoExpiry = "grant.no-expiry";

    /// <summary>A credentials-issued record with no granted record.</summary>
    public const string GrantCredentialsWithoutGrant = "grant.credentials-without-grant";

    /// <summary>Credentials issued before the grant began, after it expired, or after it was revoked.</summary>
    public const string GrantCredentialsOutsideWindow = "grant.credentials-outside-window";

    /// <summary>Credentials issued to someone (<c>by</c>) other than the grant's requester.</summary>
    public const string GrantCredentialsNotRequester = "grant.credentials-not-requester";

    /// <summary>A grant's credentials-issued sequences are not 1, 2, … n: a gap, a repeat, or a record without one.</summary>
    public const string GrantCredentialsSequence = "grant.credentials-sequence";

    /// <summary>A revocation whose credentialsIssued is less than the credentials-issued records dated before it.</summary>
    public const string GrantCredentialsUndercounted = "grant.credentials-undercounted";

    /// <summary>An extended record with no granted record.</summary>
    public const string GrantExtensionWithoutGrant = "grant.extension-without-grant";

    /// <summary>
    /// An extension recorded after the grant had ended (its expiry as it then stood, or its revocation), or one that does
    /// not move the expiry later: an extension continues access, it never revives or shortens it.
    /// </summary>
    public const string GrantExtensionOutsideWindow = "grant.extension-outside-window";

    /// <summary>A grant's extended sequences are not 1, 2, … n: a gap, a repeat, or a record without one.</summary>
    public const string GrantExtensionSequence = "grant.extension-sequence";

    /// <summary>
    /// An emergency grant no code owner vouched for: an unreviewed record, a review recorded after the follow-up deadline
    /// (plus the bound), no record at all once the deadline has passed, or no deadline. Reported whether or not its access
    /// was cut in time: someone must look at what was done with it.
    /// </summary>
    public const string GrantEmergencyUnreviewed = "grant.emergency-unreviewed";

    /// <summary>A reviewed or unreviewed record for a grant that was not granted in an emergency.</summary>
    public const string GrantReviewWithoutEmergency = "grant.review-without-emergency";

    /// <summary>A scheduled grant provisioned (its <c>grantedAt</c>) before the start its <c>scheduled</c> record set.</summary>
    public const string GrantBeforeStart = "grant.before-start";

    /// <summary>A grant whose schedule was cancelled, granted all the same: a cancellation means nothing is provisioned.</summary>
    public const string GrantGrantedAfterCancellation = "grant.granted-after-cancellation";

    /// <summary>A scheduled grant whose start passed longer than the bound ago, neither granted, refused nor cancelled (its job was lost).</summary>
    public const string GrantMissingStart = "grant.missing-start";

    /// <summary>
    /// An extended record that rests on no approved extension request: it names an extension pull request but no
    /// approvals (nor an approving rule), or the grant's own pull request, or it carries approvals without naming the
    /// pull request that had them.
    /// </summary>
    public const string GrantExtensionUnapproved = "grant.extension-unapproved";

    /// <summary>
    /// An extension request used twice: two extended records name the same pull request, or the pull request an
    /// extended record names was itself granted or refused (a merged request does one thing).
    /// </summary>
    public const string GrantExtensionRequestReused = "grant.extension-request-reused";
}
