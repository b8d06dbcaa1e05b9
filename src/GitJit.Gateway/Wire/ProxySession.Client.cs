using System.Buffers;
using GitJit.Gateway.Sessions;
using GitJit.Gateway.Sql;
using GitJit.Gateway.Sql.Judging;
using GitJit.Gateway.Wire.Protocol;

namespace GitJit.Gateway.Wire;

/// <summary>The client's side: every message judged or tracked before it goes upstream.</summary>
internal sealed partial class ProxySession
{
    private async Task<string> PumpClientAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await clientReader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (result.IsCanceled)
            {
                clientReader.AdvanceTo(result.Buffer.Start);
                return "the client side was stopped";
            }
            var buffer = result.Buffer;
            try
            {
                while (Framing.TryRead(ref buffer, MaxClientMessage, out var type, out var message, out var body))
                {
                    if (type == (byte)'X')
                    {
                        return "the client ended the session";
                    }
                    await OnClientMessageAsync(type, message, body, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                clientReader.AdvanceTo(buffer.Start, buffer.End);
            }
            await upstreamWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (result.IsCompleted)
            {
                return "the client closed the connection";
            }
        }
    }

    private async ValueTask OnClientMessageAsync(byte type, ReadOnlySequence<byte> message, ReadOnlySequence<byte> body, CancellationToken cancellationToken)
    {
        if (discarding && type is not ((byte)'S' or (byte)'H'))
        {
            return;
        }
        byte[]? rented = null;
        try
        {
            switch (type)
            {
                case (byte)'Q':
                    if (BodyReader.Utf8(new BodyReader(Framing.Contiguous(body, ref rented)).CStringBytes()) is not { } query)
                    {
                        await RefuseAsync(NotUtf8, simple: true, cancellationToken, "22021").ConfigureAwait(false);
                        return;
                    }
                    await OnQueryAsync(query, message, cancellationToken).ConfigureAwait(false);
                    return;
                case (byte)'P':
                    var parse = new BodyReader(Framing.Contiguous(body, ref rented));
                    var name = parse.CString();
                    if (BodyReader.Utf8(parse.CStringBytes()) is not { } sql)
                    {
                        await RefuseAsync(NotUtf8, simple: false, cancellationToken, "22021").ConfigureAwait(false);
                        discarding = true;
                        return;
                    }
                    await OnParseAsync(name, sql, message, cancellationToken).ConfigureAwait(false);
                    return;
                case (byte)'B':
                    var (portal, statement) = ReadBind(Framing.Contiguous(body, ref rented));
                    var bound = statements.GetValueOrDefault(statement);
                    portals[portal] = bound;
                    Send(new Pending(PendingKind.Bind, time.GetTimestamp(), time.GetUtcNow()) { Statement = bound }, message);
                    return;
                case (byte)'E':
                    var executed = portals.GetValueOrDefault(ReadName(Framing.Contiguous(body, ref rented)));
                    Send(new Pending(PendingKind.Execute, time.GetTimestamp(), time.GetUtcNow()) { Statement = executed }, message);
                    return;
                case (byte)'D':
                    Send(new Pending(PendingKind.Describe, 0, default), message);
                    return;
                case (byte)'C':
                    OnClose(Framing.Contiguous(body, ref rented));
                    Send(new Pending(PendingKind.Close, 0, default), message);
                    return;
                case (byte)'S':
                    discarding = false;
                    Send(new Pending(PendingKind.Sync, 0, default), message);
                    return;
                case (byte)'H':
                case (byte)'d':
                case (byte)'c':
                case (byte)'f':
                    Relay(upstreamWriter, message);
                    return;
                case (byte)'F':
                    await OnFunctionCallAsync(unchecked((uint)new BodyReader(Framing.Contiguous(body, ref rented)).Int32()), message, cancellationToken).ConfigureAwait(false);
                    return;
                default:
                    throw new WireProtocolException($"unexpected message type '{(char)type}'");
            }
        }
        finally
        {
            Framing.Return(rented);
        }
    }

    private async ValueTask OnQueryAsync(string sql, ReadOnlySequence<byte> message, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var arrived = time.GetTimestamp();
        var judgement = await judge.JudgeAsync(sql, cancellationToken).ConfigureAwait(false);
        if (!judgement.Allowed)
        {
            await RefuseAsync(judgement, simple: true, cancellationToken).ConfigureAwait(false);
            return;
        }
        judge.Remember(judgement);
        Send(new Pending(PendingKind.Query, arrived, at) { Statements = judgement.Statements }, message);
    }

    private async ValueTask OnParseAsync(string name, string sql, ReadOnlySequence<byte> message, CancellationToken cancellationToken)
    {
        var judgement = await judge.JudgeAsync(sql, cancellationToken).ConfigureAwait(false);
        if (!judgement.Allowed)
        {
            await RefuseAsync(judgement, simple: false, cancellationToken).ConfigureAwait(false);
            discarding = true;
            return;
        }
        judge.Remember(judgement, name);
        var record = judgement.Statements.Count == 1 ? judgement.Statements[0] : new StatementRecord(sql, StatementKind.Other, null);
        statements[name] = record;
        Send(new Pending(PendingKind.Parse, time.GetTimestamp(), time.GetUtcNow()) { Statement = record }, message);
    }

    /// <summary>
    /// A fast-path FunctionCall names its function by OID, past the parser: it is judged as the statement that calls
    /// that function by name, <c>select schema.name()</c> (the watched functions are refused by name), and refused when
    /// the OID names no function the grant's role can see.
    /// </summary>
    private async ValueTask OnFunctionCallAsync(uint oid, ReadOnlySequence<byte> message, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var arrived = time.GetTimestamp();
        if (await functions.NameAsync(login.Upstream, oid, cancellationToken).ConfigureAwait(false) is not { } name)
        {
            var refusal = new Refusal(GuardrailNames.Gateway, $"a FunctionCall of OID {oid}, which names no function the gateway could find: call the function in a statement, SELECT f(…)");
            await RefuseAsync(new Judgement([new StatementRecord("", StatementKind.Call, null)], [(0, refusal)]), simple: true, cancellationToken).ConfigureAwait(false);
            return;
        }
        var judgement = await judge.JudgeAsync($"select {name}()", cancellationToken).ConfigureAwait(false);
        if (!judgement.Allowed)
        {
            await RefuseAsync(judgement, simple: true, cancellationToken).ConfigureAwait(false);
            return;
        }
        Send(new Pending(PendingKind.FunctionCall, arrived, at) { Statement = judgement.Statements[0] }, message);
    }

    /// <summary>
    /// Sends the probe upstream in the refused message's place (a Query for a Query or FunctionCall, a Parse for a
    /// Parse), logs the refusal, and leaves the client's refusal to be sent when the probe's error comes back.
    /// </summary>
    private async ValueTask RefuseAsync(Judgement judgement, bool simple, CancellationToken cancellationToken, string sqlState = "42501")
    {
        var at = time.GetUtcNow();
        var (index, first) = judgement.Refusals[0];
        var others = judgement.Refusals.Skip(1).Select(r => r.Refusal).Distinct().ToList();
        var text = $"gitjit gateway: refused by guardrail {first.Guardrail} (grant {login.GrantId}): {first.Message}";
        var detail = others.Count == 0 ? null : "Also refused: " + string.Join("; ", others.Select(r => $"{r.Guardrail}: {r.Message}"));
        var refusal = new MessageBuilder().Error("ERROR", sqlState, text, detail).Written.ToArray();
        var kind = simple ? PendingKind.ProbeQuery : PendingKind.ProbeParse;
        upstreamMessages.Clear();
        if (simple) upstreamMessages.Query(probe);
        else upstreamMessages.Parse("", probe);
        pending.Enqueue(new Pending(kind, 0, at) { Refusal = refusal });
        upstreamMessages.CopyTo(upstreamWriter);
        GatewayLog.StatementRefused(logger, session.Id, session.GrantId, judgement.Statements[Math.Min(index, judgement.Statements.Count - 1)].Kind.Word(), first.Guardrail);
        for (var i = 0; i < judgement.Statements.Count; i++)
        {
            var statement = judgement.Statements[i];
            var own = judgement.Refusals.FirstOrDefault(r => r.Statement == i).Refusal
                ?? new Refusal(first.Guardrail, "not run: another statement of its query string was refused");
            var normalized = statement.Sql.Length == 0 ? new NormalizedQuery(null, null)
                : statement.Normalized ?? await texts.NormalizeAsync(statement.Sql, cancellationToken).ConfigureAwait(false);
            Emit(statement, at, normalized, StatementOutcome.Refused, sqlState, null, TimeSpan.Zero, own);
        }
    }

    private void Send(Pending item, in ReadOnlySequence<byte> message)
    {
        pending.Enqueue(item);
        Relay(upstreamWriter, message);
    }

    private void OnClose(ReadOnlySpan<byte> body)
    {
        var reader = new BodyReader(body);
        var what = reader.Byte();
        var name = reader.CString();
        if (what == (byte)'S')
        {
            statements.Remove(name);
            judge.Forget(name);
        }
        else
        {
            portals.Remove(name);
        }
    }

    /// <summary>
    /// A query string that is not UTF-8, which PostgreSQL refuses too (22021) in a UTF8 session: refused with the
    /// session going on, no statement of it judged or sent.
    /// </summary>
    private static readonly Judgement NotUtf8 = new([new StatementRecord("", StatementKind.Unknown, null)],
        [(0, new Refusal(GuardrailNames.Gateway, "the query string is not valid UTF-8 (invalid byte sequence for encoding \"UTF8\")"))]);


    private static (string Portal, string Statement) ReadBind(ReadOnlySpan<byte> body)
    {
        var reader = new BodyReader(body);
        return (reader.CString(), reader.CString());
    }

    private static string ReadName(ReadOnlySpan<byte> body) => new BodyReader(body).CString();
}
