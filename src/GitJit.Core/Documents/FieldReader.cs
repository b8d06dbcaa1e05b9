using System.Globalization;
using GitJit.Core.Model;
using GitJit.Core.Yaml;

namespace GitJit.Core.Documents;

/// <summary>
/// Reads typed fields out of a mapping that already passed its schema. Should a schema on the base branch be looser
/// than GitJit needs, wrong shapes still become findings here, never exceptions.
/// </summary>
internal sealed class FieldReader(string path, YamlMapping mapping, string prefix, List<Finding> findings)
{
    public YamlMapping Mapping => mapping;

    public string? String(string key, bool required = false)
    {
        var node = mapping[key];
        if (node is YamlScalar scalar) return scalar.Value;
        if (node is null && required)
        {
            findings.Add(Finding.Error(path, mapping.Start, $"{prefix}.missing-field", $"missing required field '{key}'"));
        }
        else if (node is not null)
        {
            Wrong(key, node, "text");
        }
        return null;
    }

    public bool? Bool(string key)
    {
        switch (mapping[key])
        {
            case null: return null;
            case YamlScalar { IsPlain: true, Value: "true" or "True" or "TRUE" }: return true;
            case YamlScalar { IsPlain: true, Value: "false" or "False" or "FALSE" }: return false;
            case var other: Wrong(key, other, "true or false"); return null;
        }
    }

    public int? Int(string key)
    {
        var node = mapping[key];
        if (node is null) return null;
        if (node is YamlScalar { IsPlain: true } scalar && int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        Wrong(key, node, "a whole number");
        return null;
    }

    public TimeSpan? Duration(string key, bool required = false)
    {
        var text = String(key, required);
        if (text is null) return null;
        if (GrantDuration.TryParse(text, out var duration, out var problem)) return duration;
        findings.Add(Finding.Error(path, mapping[key]!.Start, $"{prefix}.invalid-duration", $"{key}: {problem}"));
        return null;
    }

    public DateTimeOffset? Start(string key)
    {
        var text = String(key);
        if (text is null) return null;
        if (GrantStart.TryParse(text, out var start, out var problem)) return start;
        findings.Add(Finding.Error(path, mapping[key]!.Start, $"{prefix}.invalid-start", $"{key}: {problem}"));
        return null;
    }

    public IReadOnlyList<string>? Strings(string key)
    {
        var node = mapping[key];
        if (node is null) return null;
        if (node is YamlSequence sequence && sequence.Items.All(i => i is YamlScalar))
        {
            return [.. sequence.Items.Cast<YamlScalar>().Select(s => s.Value)];
        }
        Wrong(key, node, "a list of values");
        return null;
    }

    public FieldReader? Nested(string key)
    {
        var node = mapping[key];
        if (node is null) return null;
        if (node is YamlMapping nested) return new FieldReader(path, nested, prefix, findings);
        Wrong(key, node, "a mapping");
        return null;
    }

    public Guardrails Guardrails(string key)
    {
        if (Nested(key) is not { } fields) return Model.Guardrails.None;
        return new Guardrails
        {
            Privileges = fields.Strings("privileges"),
            Schemas = fields.Strings("schemas"),
            Tables = fields.Strings("tables"),
            DeniedTables = fields.Strings("deniedTables"),
            ReadOnly = fields.Bool("readOnly"),
            StatementTimeout = fields.Duration("statementTimeout"),
            MaxConnections = fields.Int("maxConnections"),
            BlockedStatements = fields.Strings("blockedStatements"),
            RequireWhere = fields.Bool("requireWhere"),
            Gateway = fields.Bool("gateway"),
        };
    }

    private void Wrong(string key, YamlNode node, string expected) =>
        findings.Add(Finding.Error(path, node.Start, $"{prefix}.wrong-type", $"{key} must be {expected}"));
}
