using GitJit.Core.Model;

namespace GitJit.Gateway.Sql.Judging;

/// <summary>
/// <c>readOnly</c>: every write is refused — a writing kind anywhere in the statement (DO and CALL included: their code
/// may write), COPY … FROM, a written table, <c>nextval</c>/<c>setval</c> — and every way to make the session
/// writable: SET/RESET/<c>set_config</c> of <c>default_transaction_read_only</c> or <c>transaction_read_only</c>
/// (whatever the value), BEGIN/START/SET TRANSACTION READ WRITE, SET SESSION CHARACTERISTICS … READ WRITE.
/// </summary>
internal sealed class ReadOnlyRule(Guardrails guardrails) : IStatementRule
{
    private static readonly HashSet<StatementKind> Writing =
    [
        StatementKind.Insert, StatementKind.Update, StatementKind.Delete, StatementKind.Merge, StatementKind.Truncate,
        StatementKind.Drop, StatementKind.Alter, StatementKind.Create, StatementKind.Grant, StatementKind.Revoke,
        StatementKind.Vacuum, StatementKind.Lock, StatementKind.Call, StatementKind.Do,
    ];

    public IEnumerable<Refusal> Check(ClassifiedStatement statement)
    {
        if (guardrails.ReadOnly != true)
        {
            yield break;
        }
        var kinds = statement.Effects.Where(Writing.Contains).Select(k => k.Keyword()).ToList();
        if (statement.Copy?.Direction == CopyDirection.From)
        {
            kinds.Add("COPY … FROM");
        }
        var written = statement.Tables.Where(t => t.Access == TableAccess.Write).Select(t => t.ToString()).ToList();
        if (kinds.Count > 0)
        {
            var what = written.Count > 0 ? $"writes {string.Join(", ", written)}" : "changes the database";
            yield return Refused($"this grant is read-only, and this {string.Join(" and ", kinds)} {what}");
        }
        foreach (var function in statement.Functions.Where(f => f.Risk == FunctionRisk.WritesSequence))
        {
            yield return Refused($"this grant is read-only, and {function.Name} writes a sequence");
        }
        foreach (var change in statement.Settings.Where(c => c.Name is "default_transaction_read_only" or "transaction_read_only"))
        {
            yield return Refused($"this grant is read-only; {SettingText.Describe(change)} could make the session writable");
        }
    }

    private static Refusal Refused(string message) => new(GuardrailNames.ReadOnly, message);
}
