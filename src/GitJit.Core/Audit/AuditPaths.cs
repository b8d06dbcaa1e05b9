using System.Globalization;
using System.Text.RegularExpressions;

namespace GitJit.Core.Audit;

/// <summary>
/// Where records live in the access repository: <c>audit/&lt;pull&gt;/&lt;event&gt;.json</c>, one file per event, and
/// <c>audit/&lt;pull&gt;/credentials-issued-&lt;sequence&gt;.json</c> for each reveal of a grant's credentials and
/// <c>audit/&lt;pull&gt;/extended-&lt;sequence&gt;.json</c> for each extension (the <see cref="IsNumbered">numbered</see> events). Pull request
/// numbers and sequences are 1 to <see cref="MaxNumber"/>, written without leading zeros.
/// </summary>
public static partial class AuditPaths
{
    public const string Folder = "audit";

    /// <summary>The largest pull request number or sequence a path holds (nine digits).</summary>
    public const int MaxNumber = 999_999_999;

    /// <summary>The path of a record: the writers' one way to name a file.</summary>
    /// <exception cref="ArgumentException">
    /// The record has no pull request number in 1..<see cref="MaxNumber"/>; or it is a credentials-issued record without
    /// a <see cref="AuditRecord.Sequence"/> in 1..<see cref="MaxNumber"/>, or another event with one.
    /// </exception>
    public static string For(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var name = Name(record.Event);
        if (record.PullRequest is not { } pullRequest) throw new ArgumentException($"The {name} record of {record.Request} has no pull request number, which its path needs.", nameof(record));
        if (!IsNumbered(record.Event))
        {
            if (record.Sequence is not null) throw new ArgumentException($"The {name} record of {record.Request} has a sequence; only credentials-issued and extended records are numbered.", nameof(record));
            return For(pullRequest, record.Event);
        }
        if (record.Sequence is not { } sequence) throw new ArgumentException($"The {name} record of {record.Request} has no sequence, which its path needs.", nameof(record));
        return For(pullRequest, record.Event, sequence);
    }

    /// <summary>Whether a grant may have many records of <paramref name="auditEvent"/>, numbered by their sequence (reveals and extensions).</summary>
    public static bool IsNumbered(AuditEvent auditEvent) => auditEvent is AuditEvent.CredentialsIssued or AuditEvent.Extended;

    /// <summary>The path of an event recorded once per grant: <c>audit/42/granted.json</c>.</summary>
    /// <exception cref="ArgumentException">The event is numbered (its path needs a sequence).</exception>
    public static string For(int pullRequest, AuditEvent auditEvent)
    {
        CheckNumber(pullRequest, nameof(pullRequest));
        if (IsNumbered(auditEvent)) throw new ArgumentException($"A {Name(auditEvent)} record's path needs its sequence.", nameof(auditEvent));
        return string.Create(CultureInfo.InvariantCulture, $"{Folder}/{pullRequest}/{Name(auditEvent)}.json");
    }

    /// <summary>The path of the <paramref name="sequence"/>-th reveal or extension of a grant: <c>audit/42/credentials-issued-3.json</c>, <c>audit/42/extended-1.json</c>.</summary>
    /// <exception cref="ArgumentException">The event is not numbered, or a number is outside 1..<see cref="MaxNumber"/>.</exception>
    public static string For(int pullRequest, AuditEvent auditEvent, int sequence)
    {
        CheckNumber(pullRequest, nameof(pullRequest));
        if (!IsNumbered(auditEvent)) throw new ArgumentException($"Only credentials-issued and extended records are numbered, not {Name(auditEvent)}.", nameof(auditEvent));
        CheckNumber(sequence, nameof(sequence));
        return string.Create(CultureInfo.InvariantCulture, $"{Folder}/{pullRequest}/{Name(auditEvent)}-{sequence}.json");
    }

    public static string Name(AuditEvent auditEvent) => auditEvent switch
    {
        AuditEvent.Granted => "granted",
        AuditEvent.Refused => "refused",
        AuditEvent.Revoked => "revoked",
        AuditEvent.OrphanRevoked => "orphan-revoked",
        AuditEvent.CredentialsIssued => "credentials-issued",
        AuditEvent.Extended => "extended",
        AuditEvent.Reviewed => "reviewed",
        AuditEvent.Unreviewed => "unreviewed",
        AuditEvent.Scheduled => "scheduled",
        _ => throw new ArgumentOutOfRangeException(nameof(auditEvent)),
    };

    /// <summary>
    /// Reads a path back: <c>audit/42/granted.json</c> gives 42, <see cref="AuditEvent.Granted"/> and no sequence;
    /// <c>audit/42/credentials-issued-3.json</c> gives 42, <see cref="AuditEvent.CredentialsIssued"/> and 3. Any other
    /// path (a leading zero, a number over <see cref="MaxNumber"/>, a credentials-issued file without a number) gives false.
    /// </summary>
    public static bool TryParse(string path, out int pullRequest, out AuditEvent auditEvent, out int? sequence)
    {
        ArgumentNullException.ThrowIfNull(path);
        pullRequest = 0;
        auditEvent = default;
        sequence = null;
        var match = RecordPath().Match(path);
        if (!match.Success || !int.TryParse(match.Groups["pull"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out pullRequest)) return false;
        if (match.Groups["sequence"].Success)
        {
            if (!int.TryParse(match.Groups["sequence"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return false;
            sequence = number;
        }
        auditEvent = match.Groups["event"].Value switch
        {
            "granted" => AuditEvent.Granted,
            "refused" => AuditEvent.Refused,
            "revoked" => AuditEvent.Revoked,
            "orphan-revoked" => AuditEvent.OrphanRevoked,
            "extended" => AuditEvent.Extended,
            "reviewed" => AuditEvent.Reviewed,
            "unreviewed" => AuditEvent.Unreviewed,
            "scheduled" => AuditEvent.Scheduled,
            _ => AuditEvent.CredentialsIssued,
        };
        return true;
    }

    private static void CheckNumber(int number, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1, name);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, MaxNumber, name);
    }

    [GeneratedRegex(@"^audit/(?<pull>[1-9][0-9]{0,8})/(?:(?<event>granted|refused|revoked|orphan-revoked|reviewed|unreviewed|scheduled)|(?<event>credentials-issued|extended)-(?<sequence>[1-9][0-9]{0,8}))\.json\z", RegexOptions.CultureInvariant)]
    private static partial Regex RecordPath();
}
