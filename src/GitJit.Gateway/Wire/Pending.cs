namespace GitJit.Gateway.Wire;

/// <summary>What the gateway sent upstream and still waits the answer of.</summary>
internal enum PendingKind
{
    Parse,
    Bind,
    Describe,
    Execute,
    Close,
    Sync,
    Query,

    /// <summary>A fast-path FunctionCall: answered by FunctionCallResponse (or an error), then ReadyForQuery.</summary>
    FunctionCall,

    /// <summary>The failing Parse sent in a refused Parse's place; its error is replaced by the refusal.</summary>
    ProbeParse,

    /// <summary>The failing Query sent in a refused Query's (or FunctionCall's) place.</summary>
    ProbeQuery,
}

/// <summary>
/// One message sent upstream whose answer is to come, in order: the server answers in the order it was sent, so the
/// session's queue of these says what each answer belongs to.
/// </summary>
internal sealed class Pending(PendingKind kind, long arrived, DateTimeOffset at)
{
    public PendingKind Kind { get; } = kind;

    /// <summary>The timestamp (<see cref="TimeProvider.GetTimestamp"/>) it arrived, or its previous statement ended.</summary>
    public long Arrived { get; set; } = arrived;

    public DateTimeOffset At { get; set; } = at;

    /// <summary>The statement it concerns (Parse, Bind, Execute), when known.</summary>
    public StatementRecord? Statement { get; init; }

    /// <summary>A Query's statements; <see cref="Next"/> is the one running.</summary>
    public IReadOnlyList<StatementRecord> Statements { get; init; } = [];

    public int Next { get; set; }

    public long Rows { get; set; }

    /// <summary>The refusal a probe's error is replaced with.</summary>
    public byte[]? Refusal { get; init; }

    public bool EndsWithReadyForQuery => Kind is PendingKind.Sync or PendingKind.Query or PendingKind.ProbeQuery or PendingKind.FunctionCall;
}
