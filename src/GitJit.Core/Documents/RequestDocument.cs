using GitJit.Core.Model;
using GitJit.Core.Schemas;
using GitJit.Core.Yaml;

namespace GitJit.Core.Documents;

/// <summary>
/// A request file read safely and checked against the request schema. <see cref="Request"/> is the best reading of
/// the file, so later rules can still report their own problems; it is null when the file cannot be read as a request
/// at all. A request is valid only when <see cref="Findings"/> holds no error.
/// </summary>
public sealed record RequestDocument(string Path, YamlMapping? Root, AccessRequest? Request, IReadOnlyList<Finding> Findings)
{
    /// <summary>Where the field at <paramref name="keys"/> starts, for findings about it.</summary>
    public SourcePosition At(params ReadOnlySpan<string> keys) => Root?.PositionOf(keys) ?? SourcePosition.File;

    public static RequestDocument Read(string path, ReadOnlySpan<byte> content, AccessSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var (root, schemaFindings) = schema.Read(path, content);
        if (root is null) return new(path, null, null, schemaFindings);

        // After schema errors, keep reading what can be read (those errors already say what is wrong with the rest).
        var findings = new List<Finding>();
        var fields = new FieldReader(path, root, "request", findings);
        var requester = fields.String("requester", required: true);
        var resource = fields.String("resource", required: true);
        var role = fields.String("role", required: true);
        var duration = fields.Duration("duration", required: true);
        var reason = fields.String("reason", required: true);
        var ticket = fields.String("ticket");
        var guardrails = fields.Guardrails("guardrails");
        var emergency = fields.Bool("emergency") ?? false;
        var start = fields.Start("start");
        var extends = fields.Int("extends");
        if (extends is <= 0)
        {
            findings.Add(Finding.Error(path, root["extends"]!.Start, "request.wrong-type", "extends must be the number of a merged pull request (a positive whole number)"));
        }

        var reported = schemaFindings.Count > 0 ? schemaFindings : findings;
        if (findings.Count > 0 || requester is null || resource is null || role is null || duration is null || reason is null)
        {
            return new(path, root, null, reported);
        }
        // Names reach paths, SQL and comments: a malformed one stops the request here, whatever the schema said.
        var names = new NameCheck(path, root, "request.invalid-name", schemaFindings);
        names.Require(Names.IsLogin(requester), requester, "a GitHub login", "requester");
        names.Require(Names.IsSlug(resource), resource, "a lower-case name with hyphens", "resource");
        names.Require(Names.IsSlug(role), role, "a lower-case name with hyphens", "role");
        if (ticket is not null) names.Require(Names.IsTicket(ticket), ticket, "a ticket id", "ticket");
        names.Guardrails(guardrails, "guardrails");
        if (!names.AllValid)
        {
            return new(path, root, null, [.. schemaFindings, .. names.Findings]);
        }
        return new(path, root, new AccessRequest(requester, resource, role, duration.Value, reason, ticket, guardrails) { Emergency = emergency, Start = start, Extends = extends }, reported);
    }
}
