using System.Globalization;
using GitJit.Core;
using GitJit.Core.Audit;

namespace GitJit.Audit;

/// <summary>
/// The rules for one grant's extended records: each rests on a granted record; is numbered 1 to n with no gap or
/// repeat; was made while the grant was still in force (before its expiry as it then stood, and before any
/// revocation); moves the expiry later; and, when an extension request made it, names that pull request and its
/// approvals. Across grants, an extension request extends once and is never itself granted or refused.
/// </summary>
internal static class ExtensionRules
{
    /// <summary>Reports each broken rule of <paramref name="extensions"/> (the grant's extended records, in sequence order).</summary>
    public static void Check(IReadOnlyList<AuditRecord> extensions, AuditRecord? granted, AuditRecord? revocation, Action<string, string> report)
    {
        if (extensions.Count == 0) return;
        var sequences = extensions.Select(r => r.Sequence).ToList();
        if (!sequences.Select((s, i) => s == i + 1).All(ok => ok))
        {
            var shown = Text.List(sequences.Select(s => s?.ToString(CultureInfo.InvariantCulture) ?? "none"));
            report(AuditAnomalyCodes.GrantExtensionSequence, $"extended sequences are {shown}, not {(extensions.Count == 1 ? "1" : $"1 to {extensions.Count}")}");
        }
        if (granted is null)
        {
            report(AuditAnomalyCodes.GrantExtensionWithoutGrant, $"{extensions.Count} extended record(s), but never granted");
            return;
        }
        var expiry = granted.ExpiresAt;
        var revokedAt = revocation is null ? (DateTimeOffset?)null : revocation.RevokedAt ?? revocation.At;
        foreach (var extension in extensions)
        {
            var which = extension.Sequence is { } sequence ? $"extension {sequence.ToString(CultureInfo.InvariantCulture)}" : "an extension without a sequence";
            var at = AuditJson.FormatTime(extension.At);
            if (Unapproved(extension, granted) is { } why) report(AuditAnomalyCodes.GrantExtensionUnapproved, $"{which}: {why}");
            if (expiry is { } before && extension.At >= before)
            {
                report(AuditAnomalyCodes.GrantExtensionOutsideWindow, $"{which}: made at {at}, after the grant expired at {AuditJson.FormatTime(before)}");
            }
            else if (revokedAt is { } end && extension.At > end)
            {
                report(AuditAnomalyCodes.GrantExtensionOutsideWindow, $"{which}: made at {at}, after the grant was revoked at {AuditJson.FormatTime(end)}");
            }
            if (extension.ExpiresAt is not { } after || (expiry is { } previous && after <= previous))
            {
                report(AuditAnomalyCodes.GrantExtensionOutsideWindow,
                    $"{which}: sets the expiry to {(extension.ExpiresAt is { } set ? AuditJson.FormatTime(set) : "nothing")}, not later than {(expiry is { } p ? AuditJson.FormatTime(p) : "the grant's")}");
                continue;
            }
            expiry = after;
        }
    }

    /// <summary>
    /// Why an extension made by merging an extension request does not show one that was approved; null when it does,
    /// or when it was made in place (no approvals, no pull request: the role allowed it without approval).
    /// </summary>
    private static string? Unapproved(AuditRecord extension, AuditRecord granted)
    {
        var approved = extension.Approvals is { Count: > 0 } || extension.ApprovedByRule is not null;
        return extension.ExtensionPullRequest switch
        {
            null when approved => "carries approvals but names no extension pull request that had them",
            { } pull when pull == granted.PullRequest => $"names its own grant's pull request #{pull.ToString(CultureInfo.InvariantCulture)} as the extension request",
            { } pull when !approved => $"names extension request #{pull.ToString(CultureInfo.InvariantCulture)} but no approval of it",
            _ => null,
        };
    }

    /// <summary>
    /// Reports each extension request that <paramref name="records"/> (every grant's) show used more than once: named by
    /// two extended records, or itself granted or refused.
    /// </summary>
    public static void CheckRequests(IReadOnlyList<AuditRecord> records, Action<string, string, string> report)
    {
        var decided = records.Where(r => r.Event is AuditEvent.Granted or AuditEvent.Refused).Select(r => r.Request).ToHashSet(StringComparer.Ordinal);
        var uses = records.Where(r => r.Event == AuditEvent.Extended && r.ExtensionPullRequest is not null)
            .GroupBy(r => Repository(r.Request) + "#" + r.ExtensionPullRequest!.Value.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal);
        foreach (var use in uses)
        {
            var extended = Text.List(use.Select(r => r.Request).Distinct(StringComparer.Ordinal));
            if (use.Count() > 1) report(use.First().Request, AuditAnomalyCodes.GrantExtensionRequestReused, $"extension request {use.Key} extended {use.Count().ToString(CultureInfo.InvariantCulture)} times ({extended}); it extends once");
            if (decided.Contains(use.Key)) report(use.First().Request, AuditAnomalyCodes.GrantExtensionRequestReused, $"extension request {use.Key} extended {extended} and was also granted or refused itself");
        }
    }

    /// <summary>The <c>owner/repo</c> of a grant id <c>owner/repo#pull</c>.</summary>
    private static string Repository(string request) => request.LastIndexOf('#') is var hash and >= 0 ? request[..hash] : request;
}
