using GitJit.Gateway.Sql;
using GitJit.Gateway.Sql.Judging;

namespace GitJit.Gateway.Tests;

/// <summary>Classifications and verdicts in one line each, for table-driven tests.</summary>
internal static class Describe
{
    /// <summary><c>kind | +effect+effect | tables r:a w:b | nowhere delete:b | settings … | functions … | copy … | prepared … | unread-code | no-run</c>; statements joined by <c> ; </c>.</summary>
    public static string Classification(Classification classification) =>
        classification.Problem is { } problem ? $"problem {problem.Kind}" : string.Join(" ; ", classification.Statements.Select(Statement));

    public static string Statement(ClassifiedStatement statement)
    {
        var parts = new List<string> { statement.Kind.Word() };
        var effects = statement.Effects.Where(e => e != statement.Kind).Select(e => e.Word()).ToList();
        if (effects.Count > 0)
        {
            parts.Add("+" + string.Join("+", effects));
        }
        if (statement.Tables.Count > 0)
        {
            parts.Add("tables " + string.Join(" ", statement.Tables
                .OrderBy(t => t.ToString(), StringComparer.Ordinal)
                .Select(t => (t.Access == TableAccess.Write ? "w:" : "r:") + t)));
        }
        if (statement.UnboundedWrites.Count > 0)
        {
            parts.Add("nowhere " + string.Join(" ", statement.UnboundedWrites.Select(w => $"{w.Kind.Word()}:{w.Table}")));
        }
        if (statement.Settings.Count > 0)
        {
            parts.Add("settings " + string.Join(" ", statement.Settings.Select(s =>
                $"{s.Action.ToString().ToLowerInvariant()}:{s.Name ?? "?"}{(s.Local ? ":local" : "")}")));
        }
        if (statement.Functions.Count > 0)
        {
            parts.Add("functions " + string.Join(" ", statement.Functions.Select(f => $"{f.Name}:{f.Risk}")));
        }
        if (statement.Copy is { } copy)
        {
            parts.Add($"copy {copy.Direction.ToString().ToLowerInvariant()}:{copy.Endpoint.ToString().ToLowerInvariant()}");
        }
        if (statement.PreparedName is { } name)
        {
            parts.Add("prepared " + name);
        }
        if (statement.RunsUnreadCode)
        {
            parts.Add("unread-code");
        }
        if (statement.TwoPhaseCommit)
        {
            parts.Add("two-phase");
        }
        if (!statement.Executes)
        {
            parts.Add("no-run");
        }
        return string.Join(" | ", parts);
    }

    /// <summary><c>allowed</c> or <c>refused: guardrail, guardrail</c> (sorted) per statement, joined by <c>; </c>.</summary>
    public static string Verdict(Verdict verdict) => verdict.InputRefusal is { } input
        ? $"refused: {input.Guardrail}"
        : string.Join("; ", verdict.Statements.Select(s => s.Allowed
            ? "allowed"
            : "refused: " + string.Join(", ", s.Refusals.Select(r => r.Guardrail).Distinct().Order(StringComparer.Ordinal))));
}
