using System.Buffers;
using System.Globalization;
using GitJit.Gateway.Sessions;
using GitJit.Gateway.Wire.Protocol;

namespace GitJit.Gateway.Wire;

/// <summary>The server's side: answers relayed in order, each matched to what it answers; probes' errors replaced.</summary>
internal sealed partial class ProxySession
{
    private async Task<string> PumpServerAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await upstreamReader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (result.IsCanceled)
            {
                upstreamReader.AdvanceTo(result.Buffer.Start);
                return "the server side was stopped";
            }
            var buffer = result.Buffer;
            try
            {
                while (Framing.TryRead(ref buffer, MaxServerMessage, out var type, out var message, out var body))
                {
                    OnServerMessage(type, message, body);
                }
            }
            finally
            {
                upstreamReader.AdvanceTo(buffer.Start, buffer.End);
            }
            await clientWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
            await EmitFinishedAsync().ConfigureAwait(false);
            if (result.IsCompleted)
            {
                return "the server closed the connection";
            }
        }
    }

    private void OnServerMessage(byte type, in ReadOnlySequence<byte> message, in ReadOnlySequence<byte> body)
    {
        pending.TryPeek(out var head);
        switch (type)
        {
            case (byte)'D':
                if (head is not null) head.Rows++;
                break;
            case (byte)'1' or (byte)'2' or (byte)'3':
                pending.TryDequeue(out _);
                break;
            case (byte)'T' or (byte)'n':
                if (head?.Kind == PendingKind.Describe) pending.TryDequeue(out _);
                break;
            case (byte)'C':
                OnCommandComplete(head, body);
                break;
            case (byte)'V':
                if (head?.Kind == PendingKind.FunctionCall) Finish(head, head.Statement, StatementOutcome.Ok, null, null);
                break;
            case (byte)'s' or (byte)'I':
                if (head?.Kind == PendingKind.Execute)
                {
                    pending.TryDequeue(out _);
                    if (type == (byte)'s') Finish(head, head.Statement, StatementOutcome.Ok, null, head.Rows);
                }
                break;
            case (byte)'E':
                if (OnError(head, body)) return;
                break;
            case (byte)'Z':
                // Everything before the Sync (or Query) that this answers was skipped after an error, or answered.
                while (pending.TryDequeue(out var done) && !done.EndsWithReadyForQuery)
                {
                }
                break;
        }
        Relay(clientWriter, message);
    }

    private void OnCommandComplete(Pending? head, in ReadOnlySequence<byte> body)
    {
        var rows = Rows(body);
        if (head?.Kind == PendingKind.Execute)
        {
            pending.TryDequeue(out _);
            Finish(head, head.Statement, StatementOutcome.Ok, null, rows ?? head.Rows);
        }
        else if (head?.Kind == PendingKind.Query && head.Next < head.Statements.Count)
        {
            Finish(head, head.Statements[head.Next++], StatementOutcome.Ok, null, rows ?? head.Rows);
            head.Rows = 0;
        }
    }

    /// <summary>Handles an ErrorResponse; true when it was replaced by a refusal (and must not be relayed).</summary>
    private bool OnError(Pending? head, in ReadOnlySequence<byte> body)
    {
        byte[]? rented = null;
        ErrorFields error;
        try
        {
            error = ErrorFields.Read(Framing.Contiguous(body, ref rented));
        }
        finally
        {
            Framing.Return(rented);
        }
        if (head is null || error.IsFatal) return false;
        var isProbe = error.Code == "42601" && error.Message?.Contains(probe, StringComparison.Ordinal) == true;
        switch (head.Kind)
        {
            case PendingKind.FunctionCall:
                // Not dequeued: its ReadyForQuery follows, as a Query's does.
                Finish(head, head.Statement, StatementOutcome.Failed, error.Code, null);
                return false;
            case PendingKind.Query:
                if (head.Next < head.Statements.Count)
                {
                    Finish(head, head.Statements[head.Next], StatementOutcome.Failed, error.Code, null);
                    head.Next = head.Statements.Count;
                }
                return false;
            case PendingKind.ProbeQuery:
                if (!isProbe) return false;
                clientWriter.Write(head.Refusal);
                return true;
            case PendingKind.Sync:
                // An error at Sync: the implicit transaction's COMMIT failed. The statements were logged already.
                return false;
            default:
                // The server skips everything up to the Sync now; ReadyForQuery clears what is skipped.
                pending.TryDequeue(out _);
                if (head.Kind == PendingKind.ProbeParse)
                {
                    if (!isProbe) return false;
                    clientWriter.Write(head.Refusal);
                    return true;
                }
                Finish(head, head.Statement, StatementOutcome.Failed, error.Code, null);
                return false;
        }
    }

    private void Finish(Pending item, StatementRecord? statement, StatementOutcome outcome, string? sqlState, long? rows)
    {
        var now = time.GetTimestamp();
        if (statement is not null && statement.Sql.Length > 0)
        {
            finished.Add((item, statement, outcome, sqlState, rows, time.GetElapsedTime(item.Arrived, now)));
        }
        // The next statement of a Query string starts when this one ends.
        item.Arrived = now;
    }

    /// <summary>
    /// Tells the events about the statements that ended, after their answers went to the client (normalizing costs
    /// the client nothing then). Not cancelled with the session: what ran is always told, also at the session's end.
    /// </summary>
    private async ValueTask EmitFinishedAsync()
    {
        for (var i = 0; i < finished.Count; i++)
        {
            var (item, statement, outcome, sqlState, rows, duration) = finished[i];
            var text = statement.Normalized ?? await texts.NormalizeAsync(statement.Sql, CancellationToken.None).ConfigureAwait(false);
            Emit(statement, item.At, text, outcome, sqlState, rows, duration);
        }
        finished.Clear();
    }

    /// <summary>The row count a CommandComplete tag ends with (<c>SELECT 5</c>, <c>INSERT 0 5</c>), or null.</summary>
    private static long? Rows(in ReadOnlySequence<byte> body)
    {
        var tag = Text(body).TrimEnd('\0');
        var space = tag.LastIndexOf(' ');
        return space > 0 && long.TryParse(tag.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var rows) ? rows : null;
    }
}
