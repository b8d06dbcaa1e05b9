using System.Globalization;
using GitJit.Core;
using GitJit.Core.Audit;

namespace GitJit.Audit;

/// <summary>
/// The rules for one grant's credentials-issued records: each rests on a granted record, falls within the grant's
/// window (from its start to its expiry or revocation, whichever is first), was issued to the requester; the
/// sequences are 1 to n with no gap or repeat; and a revocation that counts them counts at least those before it.
/// </summary>
internal static class CredentialsIssuedRules
{
    public static void Check(IReadOnlyList<AuditRecord> reveals, AuditRecord? granted, DateTimeOffset? expiresAt, AuditRecord? revocation, DateTimeOffset? revokedAt, Action<string, string> report)
    {
        if (reveals.Count == 0) return;
        CheckSequences(reveals, report);
        if (granted is null)
        {
            report(AuditAnomalyCodes.GrantCredentialsWithoutGrant, $"{reveals.Count} credentials-issued record(s), but never granted");
        }
        else
        {
            foreach (var reveal in reveals) CheckReveal(reveal, granted, expiresAt, revocation, revokedAt, report);
        }
        if (revocation?.CredentialsIssued is not { } counted || revokedAt is not { } end) return;
        var before = reveals.Count(r => r.At < end);
        if (counted < before)
        {
            report(AuditAnomalyCodes.GrantCredentialsUndercounted,
                $"the {AuditPaths.Name(revocation.Event)} record says credentials were issued {counted} time(s), but {before} credentials-issued record(s) precede it");
        }
    }

    /// <summary>The reveals in the order they were numbered (records without a sequence last).</summary>
    public static IReadOnlyList<CredentialsReveal> Reveals(IReadOnlyList<AuditRecord> reveals) =>
        reveals.Count == 0 ? [] : [.. reveals.OrderBy(r => r.Sequence ?? int.MaxValue).ThenBy(r => r.At).Select(r => new CredentialsReveal(r.Sequence, r.At, r.By))];

    private static void CheckSequences(IReadOnlyList<AuditRecord> reveals, Action<string, string> report)
    {
        var sequences = reveals.Select(r => r.Sequence).Order().ToList();
        if (sequences.Select((s, i) => s == i + 1).All(ok => ok)) return;
        var shown = Text.List(sequences.Select(s => s?.ToString(CultureInfo.InvariantCulture) ?? "none"));
        var expected = reveals.Count == 1 ? "1" : $"1 to {reveals.Count}";
        report(AuditAnomalyCodes.GrantCredentialsSequence, $"credentials-issued sequences are {shown}, not {expected}");
    }

    private static void CheckReveal(AuditRecord reveal, AuditRecord granted, DateTimeOffset? expiresAt, AuditRecord? revocation, DateTimeOffset? revokedAt, Action<string, string> report)
    {
        var which = reveal.Sequence is { } sequence ? $"reveal {sequence.ToString(CultureInfo.InvariantCulture)}" : "a reveal without a sequence";
        var start = granted.GrantedAt ?? granted.At;
        var at = AuditJson.FormatTime(reveal.At);
        var outside = Outside(reveal.At, start, expiresAt, revokedAt, revocation);
        if (outside is not null) report(AuditAnomalyCodes.GrantCredentialsOutsideWindow, $"{which}: credentials issued at {at}, {outside}");
        // GitHub logins are case-insensitive: the request file may say "Alice" for the account GitHub calls "alice".
        if (!string.Equals(reveal.By, granted.Requester, StringComparison.OrdinalIgnoreCase))
        {
            report(AuditAnomalyCodes.GrantCredentialsNotRequester,
                $"{which}: credentials issued to {Quote(reveal.By)}, not to the requester {Quote(granted.Requester)}");
        }
    }

    private static string? Outside(DateTimeOffset at, DateTimeOffset start, DateTimeOffset? expiresAt, DateTimeOffset? revokedAt, AuditRecord? revocation)
    {
        if (at < start) return $"before the grant began at {AuditJson.FormatTime(start)}";
        if (expiresAt is { } expiry && at > expiry) return $"after the grant expired at {AuditJson.FormatTime(expiry)}";
        if (revokedAt is { } end && at > end) return $"after the grant was revoked at {AuditJson.FormatTime(end)} ({AuditPaths.Name(revocation!.Event)})";
        return null;
    }

    private static string Quote(string? value) => value is null ? "no one named" : Text.Quote(value);
}
