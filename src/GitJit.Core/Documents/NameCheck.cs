using GitJit.Core.Model;
using GitJit.Core.Yaml;

namespace GitJit.Core.Documents;

/// <summary>
/// Checks every name in a document against <see cref="Names"/> and reports the malformed ones, unless the schema
/// already reported a problem at the same place.
/// </summary>
internal sealed class NameCheck(string path, YamlMapping root, string code, IReadOnlyList<Finding> schemaFindings)
{
    private readonly List<Finding> findings = [];

    public IReadOnlyList<Finding> Findings => findings;

    /// <summary>False once any name was malformed, even where only the schema's finding reports it.</summary>
    public bool AllValid { get; private set; } = true;

    public void Require(bool valid, string value, string expected, params string[] keys)
    {
        if (valid) return;
        AllValid = false;
        var at = root.PositionOf(keys);
        if (schemaFindings.Any(f => f.Line == at.Line && f.Column >= at.Column)) return;
        findings.Add(Finding.Error(path, at, code, $"{string.Join('.', keys)}: {Text.Quote(value)} is not {expected}"));
    }

    public void Guardrails(Guardrails guardrails, params string[] keys)
    {
        foreach (var schema in guardrails.Schemas ?? [])
        {
            Require(Names.IsIdentifier(schema), schema, "a schema name", [.. keys, "schemas"]);
        }
        foreach (var (field, tables) in new[] { ("tables", guardrails.Tables), ("deniedTables", guardrails.DeniedTables) })
        {
            foreach (var table in tables ?? [])
            {
                Require(Names.IsTable(table), table, "a schema.table name", [.. keys, field]);
            }
        }
    }
}
