using GitJit.Gateway.Sql;
using GitJit.Gateway.Sql.Judging;

namespace GitJit.Gateway.Wire;

/// <summary>
/// Judges a session's query strings against its grant's guardrails, and remembers what each prepared statement is:
/// SQL-level PREPARE and the protocol's named statements share one namespace in PostgreSQL, so both are kept in one
/// map, and an EXECUTE (alone, in EXPLAIN or in CREATE TABLE AS) is judged also as the statement it runs. Only what
/// was allowed ever reaches the server, so the map holds no refused statement.
/// </summary>
internal sealed class SessionJudge(StatementClassifier classifier, GuardrailJudge judge)
{
    private readonly Dictionary<string, ClassifiedStatement> prepared = new(StringComparer.Ordinal);

    public async ValueTask<Judgement> JudgeAsync(string sql, CancellationToken cancellationToken)
    {
        var read = await classifier.ReadAsync(sql, cancellationToken).ConfigureAwait(false);
        var classification = read.Classification;
        if (classification.Problem is not null)
        {
            return new Judgement([new StatementRecord(sql, StatementKind.Unknown, null)], [.. judge.Judge(classification).Refusals.Select(r => (0, r))]);
        }
        var refusals = new List<(int, Refusal)>();
        Dictionary<string, ClassifiedStatement>? preparedHere = null;
        foreach (var statement in classification.Statements)
        {
            refusals.AddRange(judge.Judge(statement).Refusals.Select(r => (statement.Index, r)));
            if (statement.PreparedName is not { } name) continue;
            if (statement.Kind == StatementKind.Prepare)
            {
                (preparedHere ??= new(StringComparer.Ordinal))[name] = statement;
            }
            else if (statement.Node != "DeallocateStmt" && (preparedHere?.GetValueOrDefault(name) ?? prepared.GetValueOrDefault(name)) is { } target)
            {
                refusals.AddRange(judge.Judge(target).Refusals.Select(r => (statement.Index, r)));
            }
        }
        return new Judgement([.. classification.Statements.Select(s => StatementRecord.Of(sql, s, read.Normalized))], refusals);
    }

    /// <summary>Remembers the prepared statements an allowed string makes or drops, and the protocol-level name it is parsed as.</summary>
    public void Remember(Judgement judgement, string? statementName = null)
    {
        foreach (var statement in judgement.Statements.Select(s => s.Statement))
        {
            if (statement?.PreparedName is { } name && statement.Kind == StatementKind.Prepare)
            {
                prepared[name] = statement;
            }
            else if (statement?.Node == "DeallocateStmt")
            {
                if (statement.PreparedName is { } dropped) prepared.Remove(dropped);
                else prepared.Clear();
            }
        }
        if (!string.IsNullOrEmpty(statementName) && judgement.Statements is [{ Statement: { } only }])
        {
            prepared[statementName] = only;
        }
    }

    /// <summary>A protocol-level Close of a prepared statement.</summary>
    public void Forget(string statementName) => prepared.Remove(statementName);
}
