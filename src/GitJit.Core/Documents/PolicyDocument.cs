using GitJit.Core.Model;
using GitJit.Core.Schemas;
using GitJit.Core.Yaml;

namespace GitJit.Core.Documents;

/// <summary>
/// A policy file read safely, checked against the policy schema and for consistency. <see cref="Policy"/> is null
/// when any error was found: a broken policy grants nothing.
/// </summary>
public sealed record PolicyDocument(string Path, YamlMapping? Root, Policy? Policy, IReadOnlyList<Finding> Findings)
{
    /// <summary>Where the policy for <paramref name="resource"/> lives.</summary>
    public static string PathFor(string resource) => $"policies/{resource}.yaml";

    /// <summary>Where the field at <paramref name="keys"/> starts.</summary>
    public SourcePosition At(params ReadOnlySpan<string> keys) => Root?.PositionOf(keys) ?? SourcePosition.File;

    public static PolicyDocument Read(string path, ReadOnlySpan<byte> content, AccessSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var (root, schemaFindings) = schema.Read(path, content);
        if (root is null) return new(path, null, null, schemaFindings);
        if (schemaFindings.Count > 0)
        {
            return new(path, root, null, schemaFindings);
        }

        var findings = new List<Finding>();
        var fields = new FieldReader(path, root, "policy", findings);
        var resource = fields.String("resource", required: true);
        var provider = fields.String("provider", required: true);
        var target = fields.Nested("target");
        var connection = target?.String("connection", required: true);
        var requesters = fields.Strings("requesters");
        var roles = ReadRoles(path, fields, findings);
        var requestsExpireAfter = RequestsExpireAfter(path, fields, findings);

        var expected = System.IO.Path.GetFileNameWithoutExtension(path);
        if (resource is not null && resource != expected)
        {
            findings.Add(Finding.Error(path, root.PositionOf("resource"), "policy.name-mismatch", $"resource is {Text.Quote(resource)} but the file is named {Text.Quote(expected)}; they must agree"));
        }
        var names = new NameCheck(path, root, "policy.invalid-name", []);
        if (resource is not null) names.Require(Names.IsSlug(resource), resource, "a lower-case name with hyphens", "resource");
        if (connection is not null) names.Require(Names.IsConnection(connection), connection, "a connection name", "target", "connection");
        if (target?.String("database") is { } database) names.Require(Names.IsIdentifier(database), database, "a database name", "target", "database");
        foreach (var requester in requesters ?? []) names.Require(Names.IsPrincipal(requester), requester, "a login or @org/team", "requesters");
        foreach (var (name, role) in roles)
        {
            names.Require(Names.IsSlug(name), name, "a lower-case name with hyphens", "roles");
            names.Guardrails(role.Guardrails, "roles", name, "guardrails");
        }
        findings.AddRange(names.Findings);

        if (findings.Any(f => f.Severity == Severity.Error) || resource is null || provider is null || connection is null || requesters is null)
        {
            return new(path, root, null, findings);
        }

        var policy = new Policy(resource, provider, new PolicyTarget(connection, target!.String("database")),
            [.. requesters.Select(Principal.Parse)], roles, fields.String("description"))
        { RequestsExpireAfter = requestsExpireAfter ?? Policy.RequestsExpireAfterDefault };
        return new(path, root, policy, findings);
    }

    private static Dictionary<string, PolicyRole> ReadRoles(string path, FieldReader fields, List<Finding> findings)
    {
        var roles = new Dictionary<string, PolicyRole>(StringComparer.Ordinal);
        if (fields.Nested("roles") is not { } rolesField) return roles;
        foreach (var (key, _) in rolesField.Mapping.Entries)
        {
            if (rolesField.Nested(key.Value) is not { } role) continue;
            var maxDuration = role.Duration("maxDuration", required: true);
            var approvals = role.Int("approvals");
            var pattern = TicketPattern(path, role, findings);
            var guardrails = role.Guardrails("guardrails");
            CheckConsistency(path, role, guardrails, findings);
            CheckEnforced(path, key.Value, role, guardrails, findings);
            if (maxDuration is null || approvals is null) continue;
            roles[key.Value] = new PolicyRole(key.Value, maxDuration.Value, approvals.Value, role.Bool("requireTicket") ?? false,
                pattern, guardrails, role.String("description"))
            {
                ExtendWithoutApproval = role.Bool("extendWithoutApproval") ?? false,
                AutoApprove = AutoApprove(path, key.Value, role, maxDuration.Value, findings),
                Emergency = Emergency(path, key.Value, role, maxDuration.Value, findings),
            };
        }
        return roles;
    }

    /// <summary>The role's <c>autoApprove</c> rule; an error when it allows more than the role itself or names a malformed requester.</summary>
    private static AutoApproval? AutoApprove(string path, string roleName, FieldReader role, TimeSpan maxDuration, List<Finding> findings)
    {
        if (role.Nested("autoApprove") is not { } rule) return null;
        var at = role.Mapping.PositionOf("autoApprove");
        if (rule.Duration("maxDuration", required: true) is not { } longest) return null;
        if (longest > maxDuration)
        {
            findings.Add(Finding.Error(path, at, "policy.auto-approve-longer",
                $"role {Text.Quote(roleName)}: autoApprove.maxDuration {GrantDuration.Format(longest)} is longer than the role's maxDuration {GrantDuration.Format(maxDuration)}"));
            return null;
        }
        var requesters = rule.Strings("requesters");
        if (requesters?.FirstOrDefault(r => !Names.IsPrincipal(r)) is { } malformed)
        {
            findings.Add(Finding.Error(path, at, "policy.invalid-name", $"role {Text.Quote(roleName)}: autoApprove.requesters: {Text.Quote(malformed)} is not a login or @org/team"));
            return null;
        }
        return new AutoApproval(longest, requesters is null ? null : [.. requesters.Select(Principal.Parse)], rule.Bool("readOnly") ?? false, rule.Bool("requireTicket") ?? false);
    }

    /// <summary>The role's <c>emergency</c> rule; an error when it allows longer than the role itself, or waits longer than a day for its review.</summary>
    private static EmergencyAccess? Emergency(string path, string roleName, FieldReader role, TimeSpan maxDuration, List<Finding> findings)
    {
        if (role.Nested("emergency") is not { } rule) return null;
        var at = role.Mapping.PositionOf("emergency");
        var longest = rule.Duration("maxDuration", required: true);
        var followUp = rule.Duration("followUpWithin", required: true);
        if (longest is null || followUp is null) return null;
        if (longest > maxDuration)
        {
            findings.Add(Finding.Error(path, at, "policy.emergency-longer",
                $"role {Text.Quote(roleName)}: emergency.maxDuration {GrantDuration.Format(longest.Value)} is longer than the role's maxDuration {GrantDuration.Format(maxDuration)}"));
            return null;
        }
        if (followUp > EmergencyAccess.LongestFollowUp)
        {
            findings.Add(Finding.Error(path, at, "policy.emergency-follow-up",
                $"role {Text.Quote(roleName)}: emergency.followUpWithin {GrantDuration.Format(followUp.Value)} is longer than {GrantDuration.Format(EmergencyAccess.LongestFollowUp)}: an emergency is reviewed within a day"));
            return null;
        }
        return new EmergencyAccess(longest.Value, followUp.Value);
    }

    /// <summary><c>requestsExpireAfter</c>, when said and within its bounds (1 hour to 90 days; longer is refused as any duration is).</summary>
    private static TimeSpan? RequestsExpireAfter(string path, FieldReader fields, List<Finding> findings)
    {
        if (fields.Duration("requestsExpireAfter") is not { } duration) return null;
        if (duration >= Policy.RequestsExpireAfterMinimum) return duration;
        findings.Add(Finding.Error(path, fields.Mapping.PositionOf("requestsExpireAfter"), "policy.invalid-duration",
            $"requestsExpireAfter: {Text.Quote(GrantDuration.Format(duration))} is too short; pending requests must be given at least {GrantDuration.Format(Policy.RequestsExpireAfterMinimum)}"));
        return null;
    }

    private static BoundedPattern? TicketPattern(string path, FieldReader role, List<Finding> findings)
    {
        if (role.String("ticketPattern") is not { } text) return null;
        try
        {
            return BoundedPattern.Create(text, wholeValue: true);
        }
        catch (ArgumentException e)
        {
            findings.Add(Finding.Error(path, role.Mapping.PositionOf("ticketPattern"), "policy.invalid-ticket-pattern",
                $"ticketPattern {Text.Quote(text)} is not a usable regular expression: {e.Message}"));
            return null;
        }
    }

    /// <summary>No placebo: a guardrail only the gateway enforces, on a role whose sessions skip it, is an error.</summary>
    private static void CheckEnforced(string path, string roleName, FieldReader role, Guardrails guardrails, List<Finding> findings)
    {
        if (GuardrailEnforcement.Unenforced(guardrails) is not { Count: > 0 } unenforced) return;
        findings.Add(Finding.Error(path, role.Mapping.PositionOf("guardrails", "gateway"), "policy.gateway-required",
            $"role {Text.Quote(roleName)}: {GatewayRequired(unenforced)}"));
    }

    /// <summary>Why statement-level guardrails need the gateway, naming them.</summary>
    internal static string GatewayRequired(IReadOnlyList<string> unenforced)
    {
        var names = string.Join(" and ", unenforced);
        return $"{names} {(unenforced.Count == 1 ? "is" : "are")} enforced only by the gateway, and gateway is false, so nothing would enforce "
            + $"{(unenforced.Count == 1 ? "it" : "them")}; remove gateway: false (the gateway is on by default beside {(unenforced.Count == 1 ? "it" : "them")}) or remove {names}";
    }

    private static void CheckConsistency(string path, FieldReader role, Guardrails guardrails, List<Finding> findings)
    {
        var at = role.Mapping.PositionOf("guardrails");
        foreach (var table in guardrails.Tables ?? [])
        {
            if (guardrails.DeniedTables?.Contains(table, StringComparer.Ordinal) == true)
            {
                findings.Add(Finding.Warning(path, at, "policy.guardrails-conflict", $"{Text.Quote(table)} is both allowed and denied; denied wins"));
            }
            if (guardrails.Schemas is { } schemas && !schemas.Contains(TableName.SchemaOf(table), StringComparer.Ordinal))
            {
                findings.Add(Finding.Warning(path, at, "policy.guardrails-conflict", $"{Text.Quote(table)} is outside the allowed schemas ({string.Join(", ", schemas)}) and can never be used"));
            }
        }
    }
}
