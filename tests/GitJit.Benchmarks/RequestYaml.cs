using System.Globalization;
using System.Text;

namespace GitJit.Benchmarks;

/// <summary>Writes a request the way the example requests are written.</summary>
internal static class RequestYaml
{
    public static string Write(RequestSpec request)
    {
        var text = new StringBuilder()
            .Append("# yaml-language-server: $schema=../../schemas/access-request.schema.json\n")
            .Append(CultureInfo.InvariantCulture, $"requester: {YamlText.Scalar(request.Requester)}\n")
            .Append(CultureInfo.InvariantCulture, $"resource: {request.Resource}\n")
            .Append(CultureInfo.InvariantCulture, $"role: {request.Role}\n")
            .Append(CultureInfo.InvariantCulture, $"duration: {request.Duration}\n")
            .Append(CultureInfo.InvariantCulture, $"reason: {YamlText.Scalar(request.Reason)}\n");
        if (request.Ticket is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"ticket: {request.Ticket}\n");
        }
        if (request.Extra is not null)
        {
            text.Append(request.Extra).Append('\n');
        }
        if (request.Guardrails is { } g)
        {
            text.Append("guardrails:\n");
            Line(text, "privileges", g.Privileges);
            Line(text, "schemas", g.Schemas);
            Line(text, "tables", g.Tables);
            Line(text, "readOnly", g.ReadOnly is { } readOnly ? YamlText.Bool(readOnly) : null);
            Line(text, "statementTimeout", g.StatementTimeout);
            Line(text, "maxConnections", g.MaxConnections?.ToString(CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    private static void Line(StringBuilder text, string key, IReadOnlyList<string>? items) =>
        Line(text, key, items is null ? null : YamlText.List(items));

    private static void Line(StringBuilder text, string key, string? value)
    {
        if (value is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {key}: {value}\n");
        }
    }
}
