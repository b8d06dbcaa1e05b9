using System.Globalization;
using GitJit.Core;
using GitJit.Core.Audit;

namespace GitJit.Audit;

/// <summary>
/// The rules for one grant's extended records: each rests on a granted record; is numbered 1 to n with no gap or
/// repeat; was made while the grant was still in force (before its expiry as it then stood, and before any
/// revocation); and moves the expiry later.
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
}
