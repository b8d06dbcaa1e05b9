namespace GitJit.Server;

/// <summary>GitJit's server log messages: stable event ids, structured fields, never a secret.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Warning, Message = "No ConnectionStrings:GitJit: jobs and delivery ids are kept in memory. Use this on a single machine only; a restart forgets queued work.")]
    public static partial void SingleMachineStorage(ILogger logger);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Refused a webhook delivery {Delivery} ({Event}): {Reason}")]
    public static partial void DeliveryRefused(ILogger logger, string? delivery, string? @event, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Ignored a repeated webhook delivery {Delivery}: its id or its body was accepted before")]
    public static partial void DeliveryRepeated(ILogger logger, string delivery);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Queued evaluation of {Repository}#{PullRequest} for delivery {Delivery} ({Event})")]
    public static partial void EvaluationQueued(ILogger logger, string repository, long pullRequest, string delivery, string @event);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Evaluated {Owner}/{Repository}#{PullRequest}: {Status}")]
    public static partial void Evaluated(ILogger logger, string owner, string repository, long pullRequest, GitJit.Core.Decisions.DecisionStatus status);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Refused a webhook request with 503: {MaxConcurrent} are being read already (GitJit:Webhooks:MaxConcurrent)")]
    public static partial void WebhookOverCapacity(ILogger logger, int maxConcurrent);

    [LoggerMessage(EventId = 1050, Level = LogLevel.Debug, Message = "Ignored webhook delivery {Delivery} ({Event}): {Reason}")]
    public static partial void DeliveryIgnored(ILogger logger, string delivery, string @event, string reason);

    [LoggerMessage(EventId = 1051, Level = LogLevel.Warning, Message = "Ignored webhook delivery {Delivery} ({Event}): {Reason}. GitJit acts only on its GitHub App's deliveries; remove the other webhook, or give it another secret")]
    public static partial void DeliveryNotForTheApp(ILogger logger, string delivery, string @event, string reason);



    [LoggerMessage(EventId = 1020, Level = LogLevel.Information, Message = "Granted {Grant} as {Principal} until {ExpiresAt}")]
    public static partial void Granted(ILogger logger, string grant, string principal, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Warning, Message = "Refused {Grant}: {Problems} problem(s)")]
    public static partial void Refused(ILogger logger, string grant, int problems);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Information, Message = "Revoked {Grant} ({Principal}, {Reason}): existed {Existed}, {Sessions} session(s) ended, {ObjectsDropped} object(s) it had created dropped, {Lateness} after expiry")]
    public static partial void Revoked(ILogger logger, string grant, string principal, GitJit.Core.Audit.AuditReason reason, bool existed, int sessions, int objectsDropped, TimeSpan lateness);

    [LoggerMessage(EventId = 1023, Level = LogLevel.Warning, Message = "Rescheduled the lost revocation of {Grant} at {ExpiresAt}")]
    public static partial void RevocationRescheduled(ILogger logger, string grant, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 1024, Level = LogLevel.Warning, Message = "Revoked and recorded {Grant}, but could not comment on its pull request")]
    public static partial void RevocationNotAnnounced(ILogger logger, Exception exception, string grant);

    [LoggerMessage(EventId = 1026, Level = LogLevel.Information, Message = "The reconciler left {Repository}#{PullRequest} for its next round: a job holds the pull request's lock")]
    public static partial void ReconcileSkippedLocked(ILogger logger, string repository, int pullRequest);

    [LoggerMessage(EventId = 1027, Level = LogLevel.Debug, Message = "Another instance is reconciling; this round is left to it")]
    public static partial void ReconcilingElsewhere(ILogger logger);

    [LoggerMessage(EventId = 1028, Level = LogLevel.Error, Message = "The access of {Grant} outlived its expiry ({ExpiresAt}) by {Late}: {Why}")]
    public static partial void Overdue(ILogger logger, string grant, DateTimeOffset expiresAt, TimeSpan late, string why);

    [LoggerMessage(EventId = 1029, Level = LogLevel.Error, Message = "Could not queue the overdue alert for {Grant}")]
    public static partial void OverdueNotQueued(ILogger logger, Exception exception, string grant);

    [LoggerMessage(EventId = 1043, Level = LogLevel.Information, Message = "Extended {Grant} at the request of {By} until {ExpiresAt} (+{Extension})")]
    public static partial void Extended(ILogger logger, string grant, string by, DateTimeOffset expiresAt, TimeSpan extension);

    [LoggerMessage(EventId = 1044, Level = LogLevel.Information, Message = "Did not extend {Grant} for {By}: {Why}")]
    public static partial void ExtensionRefused(ILogger logger, string grant, string by, string why);

    [LoggerMessage(EventId = 1048, Level = LogLevel.Information, Message = "Opened extension request {PullRequest} for {Grant} at the request of {By} (+{Extension})")]
    public static partial void ExtensionRequestOpened(ILogger logger, int pullRequest, string grant, string by, TimeSpan extension);

    [LoggerMessage(EventId = 1045, Level = LogLevel.Information, Message = "The revocation of {Grant} due at {Was} moved to {ExpiresAt}: the grant was extended")]
    public static partial void RevocationMoved(ILogger logger, string grant, DateTimeOffset was, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 1047, Level = LogLevel.Warning, Message = "Whether {Grant} was extended could not be read at its expiry (its target or its records); it is revoked at the expiry it was scheduled for")]
    public static partial void ExtensionUnreadable(ILogger logger, Exception exception, string grant);

    [LoggerMessage(EventId = 1084, Level = LogLevel.Warning, Message = "Granted {Grant} ({Principal}) in an emergency, without approval, until {ExpiresAt}; a code owner must approve it by {FollowUpBy}")]
    public static partial void EmergencyGranted(ILogger logger, string grant, string principal, DateTimeOffset expiresAt, DateTimeOffset followUpBy);

    [LoggerMessage(EventId = 1085, Level = LogLevel.Information, Message = "The emergency grant {Grant} was approved afterwards ({Approvals} code-owner approval(s)); it stands")]
    public static partial void EmergencyReviewed(ILogger logger, string grant, int approvals);

    [LoggerMessage(EventId = 1086, Level = LogLevel.Warning, Message = "No code owner approved the emergency grant {Grant} by {FollowUpBy}; its access was ended (if still active) and its pull request marked for review")]
    public static partial void EmergencyUnreviewed(ILogger logger, string grant, DateTimeOffset followUpBy);

    [LoggerMessage(EventId = 1088, Level = LogLevel.Warning, Message = "Whether the emergency grant {Grant} was approved could not be read from GitHub at the end of its follow-up window; it counts as not approved")]
    public static partial void EmergencyReviewUnreadable(ILogger logger, Exception exception, string grant);

    [LoggerMessage(EventId = 1089, Level = LogLevel.Warning, Message = "The reconciler found the emergency grant {Grant} with no follow-up job in Hangfire (lost with its storage) and scheduled one again for {FollowUpBy}")]
    public static partial void EmergencyFollowUpRestarted(ILogger logger, string grant, DateTimeOffset followUpBy);

    [LoggerMessage(EventId = 1087, Level = LogLevel.Warning, Message = "Could not label the pull request of the unreviewed emergency grant {Grant}; its record and comment say it")]
    public static partial void EmergencyNotLabelled(ILogger logger, Exception exception, string grant);

    [LoggerMessage(EventId = 1046, Level = LogLevel.Information, Message = "Told the requester of {Grant} that it expires at {ExpiresAt}")]
    public static partial void ExpiryReminded(ILogger logger, string grant, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 1077, Level = LogLevel.Information, Message = "Scheduled {Grant} to be granted at {StartsAt}: it was merged before its start")]
    public static partial void GrantScheduled(ILogger logger, string grant, DateTimeOffset startsAt);

    [LoggerMessage(EventId = 1078, Level = LogLevel.Information, Message = "Cancelled the scheduled grant {Grant} before its start, as {By} asked")]
    public static partial void GrantCancelled(ILogger logger, string grant, string by);

    [LoggerMessage(EventId = 1079, Level = LogLevel.Warning, Message = "The merge job of the scheduled grant {Grant} (start {StartsAt}) was lost; it is scheduled again")]
    public static partial void ScheduledGrantRestarted(ILogger logger, string grant, DateTimeOffset startsAt);

    [LoggerMessage(EventId = 1083, Level = LogLevel.Warning, Message = "Recorded {Grant} ({Principal}) as granted after its end: its merge job died after provisioning and ran again only after the revocation")]
    public static partial void GrantRecordedAfterItsEnd(ILogger logger, string grant, string principal);

    [LoggerMessage(EventId = 1025, Level = LogLevel.Error, Message = "Reconciling {What} failed; the rest went on, and the next run (within a minute) tries again")]
    public static partial void ReconcileFailed(ILogger logger, Exception exception, string what);

    [LoggerMessage(EventId = 1030, Level = LogLevel.Information, Message = "Issued credentials for {Grant} to {Login} as {Principal} (reveal {Sequence})")]
    public static partial void CredentialsIssued(ILogger logger, string grant, string login, string principal, int sequence);

    [LoggerMessage(EventId = 1031, Level = LogLevel.Warning, Message = "Refused {Login} the page of {Grant}: {Reason}")]
    public static partial void GrantPageRefused(ILogger logger, string login, string grant, string reason);

    [LoggerMessage(EventId = 1032, Level = LogLevel.Warning, Message = "Could not count the open sessions of provider {Provider}; the live list shows them as unknown")]
    public static partial void SessionsUnknown(ILogger logger, Exception exception, string provider);

    [LoggerMessage(EventId = 1075, Level = LogLevel.Warning, Message = "Could not read the gateway's statement log; the live list shows its statements as unknown")]
    public static partial void StatementsUnknown(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1033, Level = LogLevel.Warning, Message = "Admin {Login} revoked {Grant} from the grants page")]
    public static partial void RevokedFromPage(ILogger logger, string login, string grant);

    [LoggerMessage(EventId = 1034, Level = LogLevel.Warning, Message = "No GitJit:GitHub:ClientId/ClientSecret: nobody can sign in, so the credentials links in grant comments lead to a page saying so")]
    public static partial void SignInNotConfigured(ILogger logger);

    [LoggerMessage(EventId = 1035, Level = LogLevel.Error, Message = "Could not record reveal {Sequence} of {Grant} in the audit trail in time; its new password was not shown")]
    public static partial void RevealNotRecorded(ILogger logger, Exception? exception, string grant, int sequence);

    [LoggerMessage(EventId = 1070, Level = LogLevel.Error, Message = "Refused to reveal the credentials of {Grant}: its sessions must go through the gateway, and GitJit:Gateway:PublicHost / PublicPort (or a Listen address that is not a wildcard) are not set")]
    public static partial void GatewayNotConfigured(ILogger logger, string grant);

    [LoggerMessage(EventId = 1074, Level = LogLevel.Critical, Message = "Refused to reveal the credentials of {Grant}: the guardrails of its record in git are not those it was granted with (the provider's digest differs); someone rewrote the record")]
    public static partial void GrantRecordAltered(ILogger logger, string grant);

    [LoggerMessage(EventId = 1040, Level = LogLevel.Information, Message = "Admin {Login} is GitHub user {UserId}; only that account has admin rights")]
    public static partial void AdminResolved(ILogger logger, string login, long userId);

    [LoggerMessage(EventId = 1041, Level = LogLevel.Error, Message = "GitJit:Admins names {Login}, which GitHub does not know: nobody gets admin rights through it")]
    public static partial void AdminUnknown(ILogger logger, string login);

    [LoggerMessage(EventId = 1042, Level = LogLevel.Warning, Message = "Could not look up admin {Login} on GitHub; nobody has its admin rights until it is found (tried again every minute)")]
    public static partial void AdminNotResolved(ILogger logger, Exception exception, string login);
}
