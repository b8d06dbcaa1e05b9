using GitJit.Core.Audit;

namespace GitJit.Audit;

/// <summary>
/// The rules for an emergency grant's follow-up: a granted record marked emergency names its follow-up deadline, and
/// by then (plus the bound) a code owner's approval is recorded (<see cref="AuditEvent.Reviewed"/>); an
/// <see cref="AuditEvent.Unreviewed"/> record, or neither once the deadline has passed, is an emergency nobody vouched
/// for: an anomaly for people to look at, whether or not its access was cut in time. Reviewed and unreviewed records
/// belong to emergency grants only.
/// </summary>
internal static class EmergencyRules
{
    /// <summary>Reports each broken rule; the review's state of an emergency grant, null for any other.</summary>
    public static EmergencyReview? Check(AuditRecord? granted, AuditRecord? reviewed, AuditRecord? unreviewed, DateTimeOffset now, TimeSpan bound, Action<string, string> report)
    {
        if (granted is not { Emergency: true })
        {
            if (reviewed is not null || unreviewed is not null)
            {
                report(AuditAnomalyCodes.GrantReviewWithoutEmergency, $"a {(reviewed is not null ? "reviewed" : "unreviewed")} record, but no emergency grant");
            }
            return null;
        }
        if (granted.FollowUpBy is not { } deadline)
        {
            report(AuditAnomalyCodes.GrantEmergencyUnreviewed, "an emergency grant without a follow-up deadline");
            return reviewed is null ? EmergencyReview.Unreviewed : EmergencyReview.Reviewed;
        }
        if (unreviewed is not null)
        {
            report(AuditAnomalyCodes.GrantEmergencyUnreviewed, $"granted in an emergency, and no code owner approved it by {AuditJson.FormatTime(deadline)}");
            return EmergencyReview.Unreviewed;
        }
        if (reviewed is not null)
        {
            if (reviewed.At <= deadline + bound) return EmergencyReview.Reviewed;
            report(AuditAnomalyCodes.GrantEmergencyUnreviewed, $"granted in an emergency and approved only at {AuditJson.FormatTime(reviewed.At)}, after its follow-up deadline {AuditJson.FormatTime(deadline)}");
            return EmergencyReview.Unreviewed;
        }
        if (now <= deadline + bound) return EmergencyReview.Pending;
        report(AuditAnomalyCodes.GrantEmergencyUnreviewed, $"granted in an emergency; its follow-up deadline {AuditJson.FormatTime(deadline)} has passed with no review recorded");
        return EmergencyReview.Unreviewed;
    }
}
