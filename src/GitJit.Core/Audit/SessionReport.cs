namespace GitJit.Core.Audit;

/// <summary>
/// What a grant's sessions through the guarded gateway did, as its <c>revoked</c> record keeps it: bounded, whatever
/// the sessions did (at most <see cref="MaxSessions"/> sessions, <see cref="MaxFingerprints"/> statement shapes and
/// <see cref="MaxRefused"/> refused attempts, texts cut at <see cref="MaxTextLength"/>; each list says how many it left
/// out), so a million statements are a few dozen lines. Statement texts are normalized: never a literal value.
/// </summary>
public sealed record SessionReport
{
    public const int MaxSessions = 20;
    public const int MaxFingerprints = 40;
    public const int MaxRefused = 40;
    public const int MaxTextLength = 300;

    /// <summary>Statements the grant's sessions sent, refused ones included.</summary>
    public required long Statements { get; init; }

    /// <summary>Statements the gateway refused.</summary>
    public required long Refused { get; init; }

    /// <summary>The sessions, earliest first.</summary>
    public required IReadOnlyList<SessionReportSession> Sessions { get; init; }

    public int? SessionsLeftOut { get; init; }

    /// <summary>Statement shapes (fingerprints), most frequent first.</summary>
    public required IReadOnlyList<SessionReportFingerprint> Fingerprints { get; init; }

    public long? FingerprintsLeftOut { get; init; }

    /// <summary>Refused attempts, earliest first.</summary>
    public required IReadOnlyList<SessionReportRefusal> RefusedAttempts { get; init; }

    public long? RefusedLeftOut { get; init; }

    /// <summary><paramref name="text"/> cut to <see cref="MaxTextLength"/> characters, ending in an ellipsis when cut.</summary>
    public static string? Cut(string? text) => text is null || text.Length <= MaxTextLength ? text : text[..(MaxTextLength - 1)] + "…";
}

/// <summary>(Optional members last: a record leaves out what is null.) One session: who connected from where, when, and how many statements of each kind it sent.</summary>
public sealed record SessionReportSession(string Client, DateTimeOffset StartedAt, IReadOnlyDictionary<string, long> Kinds, string? ApplicationName = null, DateTimeOffset? EndedAt = null);

/// <summary>One statement shape: its normalized text (null when unreadable), how often it ran and for how long in all.</summary>
public sealed record SessionReportFingerprint(long Count, double TotalMilliseconds, string? Fingerprint = null, string? Text = null);

/// <summary>One refused attempt: when, what (normalized), which guardrail refused it and why.</summary>
public sealed record SessionReportRefusal(DateTimeOffset At, string Kind, string? Text = null, string? Guardrail = null, string? Reason = null);
