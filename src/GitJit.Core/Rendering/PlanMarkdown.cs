using System.Globalization;
using System.Text;
using GitJit.Core.Decisions;
using GitJit.Core.Model;

namespace GitJit.Core.Rendering;

/// <summary>
/// The plan as the bot comments it on a pull request (and <c>gitjit plan</c> prints it): who gets what, where, for
/// how long, under which guardrails, who still has to approve, and every problem. Owners are shown in code spans so
/// editing the comment never pings anyone; every value from the pull request is escaped.
/// </summary>
public static class PlanMarkdown
{
    /// <summary>The hidden marker by which the bot finds its one sticky comment again.</summary>
    public const string Marker = "<!-- gitjit:plan -->";

    public static string Render(PullRequestDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var md = new StringBuilder().AppendLine(Marker);
        md.AppendLine(decision.Status switch
        {
            DecisionStatus.Approved => "### ✅ GitJit plan: approved — merging grants this access",
            DecisionStatus.AwaitingApproval => "### ⏳ GitJit plan: waiting for approval",
            DecisionStatus.Refused => "### ❌ GitJit plan: refused — merging grants nothing",
            _ => "### GitJit: no access request in this pull request",
        }).AppendLine();

        if (decision.Plan is { } plan)
        {
            WritePlan(md, plan);
        }
        var problems = decision.Findings.Where(f => f.Severity != Severity.Notice).ToList();
        if (problems.Count > 0)
        {
            md.AppendLine().AppendLine($"**Problems ({problems.Count})**").AppendLine();
            foreach (var finding in problems) md.AppendLine("- " + Line(finding));
        }
        var notes = decision.Findings.Where(f => f.Severity == Severity.Notice).ToList();
        if (notes.Count > 0)
        {
            md.AppendLine().AppendLine("**Notes**").AppendLine();
            foreach (var finding in notes) md.AppendLine("- " + Line(finding));
        }
        return md.ToString();
    }

    /// <summary>When the plan's clock starts: at the emergency grant, at its start, or at the grant after merge.</summary>
    private static string When(AccessPlan plan) => plan switch
    {
        { Emergency: not null } => "from the emergency grant when this pull request opens, before any approval",
        { Start: { } begins, StartHasPassed: false } => $"from {Markdown.Utc(begins)} if merged before then",
        _ => "from the grant after merge",
    };

    private static void WritePlan(StringBuilder md, AccessPlan plan)
    {
        md.AppendLine(plan.Extends is { } extended
            ? $"**Extends #{extended.ToString(CultureInfo.InvariantCulture)}; adds {GrantDuration.Format(plan.Duration)}**: merging moves the end of {Markdown.Code("@" + plan.Requester)}'s active grant of the **{Markdown.Escape(plan.Role)}** role on **{Markdown.Escape(plan.Resource)}** "
              + $"{GrantDuration.Format(plan.Duration)} later; the new expiry is at most {GrantDuration.Format(plan.MaxDuration)} (the role's {Markdown.Code("maxDuration")}) after the grant began. "
              + "Same role, guardrails and credentials; open sessions go on. When merged, the grant must still be active and the same requester's, resource and role, or nothing changes."
            : $"**{Markdown.Code("@" + plan.Requester)}** gets the **{Markdown.Escape(plan.Role)}** role on **{Markdown.Escape(plan.Resource)}** for **{GrantDuration.Format(plan.Duration)}**, {When(plan)}; then it is revoked automatically.")
          .AppendLine()
          .AppendLine("| | |")
          .AppendLine("|---|---|")
          .AppendLine($"| Request | {Markdown.Code(plan.RequestPath)} |")
          .AppendLine($"| Target | {Markdown.Escape(plan.Provider)} · connection {Markdown.Code(plan.Target.Connection)}{(plan.Target.Database is { } db ? " · database " + Markdown.Code(db) : "")} |")
          .AppendLine(plan.Extends is { } pull
              ? $"| Extends | #{pull.ToString(CultureInfo.InvariantCulture)}, by {GrantDuration.Format(plan.Duration)}; at most {GrantDuration.Format(plan.MaxDuration)} in all |"
              : $"| Duration | {GrantDuration.Format(plan.Duration)} |");
        if (plan.Extends is null) md.AppendLine($"| Starts | {Starts(plan)} |");
        md.AppendLine($"| Reason | {Markdown.Escape(plan.Reason)} |");
        if (plan.Ticket is { } ticket) md.AppendLine($"| Ticket | {Markdown.Escape(ticket)} |");
        if (plan.Emergency is { } emergency)
        {
            md.AppendLine($"| 🚨 Emergency | break-glass: granted without approvals, for at most {GrantDuration.Format(emergency.MaxDuration)}; the code owners are alerted, and unless one of them approves within {GrantDuration.Format(emergency.FollowUpWithin)} of the grant, the access is revoked and this pull request marked for review |");
        }
        // An extension changes no guardrail: the grant keeps the ones it was approved with.
        if (plan.Extends is null)
        {
            md.AppendLine(plan.Extension is { } longest
                ? $"| Extension | by the requester, without new approvals: comment {Markdown.Code("/gitjit extend 30m")} on this pull request while the grant is active; at most {GrantDuration.Format(longest)} in all |"
                : $"| Extension | approved again: the requester's {Markdown.Code("/gitjit extend 30m")} on this pull request, while the grant is active, opens an extension request; at most {GrantDuration.Format(plan.MaxDuration)} in all |");
            md.AppendLine().AppendLine("**Guardrails**").AppendLine();
            foreach (var line in GuardrailLines(plan.Guardrails)) md.AppendLine("- " + line);
        }

        var tally = plan.Approvals;
        var owners = plan.Approvers.Count == 0 ? "nobody" : string.Join(", ", plan.Approvers.Select(o => Markdown.Code(o.ToString())));
        if (tally.ByRule is { } rule)
        {
            md.AppendLine().AppendLine($"**Approved by rule:** {Markdown.Escape(rule)}; no review is needed (the policy on the base branch says so).");
            return;
        }
        md.AppendLine().AppendLine($"**Approvals: {tally.Counted.Count} of {tally.Required}** from code owners of the request ({owners}), on the current commit, never the requester.").AppendLine();
        if (tally.NotByRule is { } notBecause) md.AppendLine($"- ➖ not approved by the role's rule: {Markdown.Escape(notBecause)}");
        foreach (var approval in tally.Counted)
        {
            md.AppendLine($"- ✅ {Markdown.Code("@" + approval.Reviewer)} approved {Markdown.Code(Short(approval.CommitId))}");
        }
        foreach (var ignored in tally.Ignored)
        {
            md.AppendLine($"- ➖ {Markdown.Code("@" + ignored.Reviewer)} does not count: {Markdown.Escape(ignored.Reason)}");
        }
        if (tally.Missing > 0)
        {
            md.AppendLine($"- ⏳ {tally.Missing} more approval(s) needed from {owners}");
        }
    }

    /// <summary>
    /// The effective guardrails, one human line each, in a fixed order, each saying what enforces it
    /// (<see cref="GuardrailEnforcement"/>), after a first line saying whether sessions go through the gateway; names
    /// (tables, schemas) as Markdown code spans, or through <paramref name="name"/> (plain text for a web page, which
    /// encodes the whole line itself).
    /// </summary>
    public static IEnumerable<string> GuardrailLines(Guardrails g, Func<string, string>? name = null)
    {
        ArgumentNullException.ThrowIfNull(g);
        name ??= Markdown.Code;
        string Codes(IEnumerable<string> names) => string.Join(", ", names.Select(name));
        var gateway = g.RequiresGateway;
        string By(string guardrail, string line) => line + " — " + GuardrailEnforcement.Describe(guardrail, gateway);
        yield return gateway
            ? "sessions: only through the guarded gateway, which judges every statement against these guardrails"
            : "sessions: straight to PostgreSQL, without the gateway: no statement is judged";
        yield return By("privileges", "privileges: " + (g.Privileges is { Count: > 0 } p ? string.Join(", ", p) : "none (connect only)"));
        if (g.Schemas is { } schemas) yield return By("schemas", "schemas: " + Codes(schemas));
        if (g.Tables is { } tables) yield return By("tables", "only tables: " + Codes(tables));
        if (g.DeniedTables is { Count: > 0 } denied) yield return By("deniedTables", "denied tables: " + Codes(denied));
        if (g.ReadOnly == true) yield return By("readOnly", "read-only transactions");
        if (g.StatementTimeout is { } timeout) yield return By("statementTimeout", "statement timeout: " + GrantDuration.Format(timeout));
        if (g.MaxConnections is { } connections) yield return By("maxConnections", $"at most {connections} connection(s)");
        if (g.BlockedStatements is { Count: > 0 } blocked) yield return By("blockedStatements", "blocked statements: " + string.Join(", ", blocked.Select(s => s.ToUpperInvariant())));
        if (g.RequireWhere == true) yield return By("requireWhere", "UPDATE and DELETE need a WHERE clause");
    }

    /// <summary>When the grant begins and ends: at its start when merged before it, else at merge.</summary>
    private static string Starts(AccessPlan plan) => plan switch
    {
        { Start: { } start, StartHasPassed: false } => $"{Markdown.Utc(start)}, when merged before then (else at merge); ends {Markdown.Utc(start + plan.Duration)}",
        { Start: { } start } => $"at the grant after merge ({Markdown.Utc(start)} has passed); ends {GrantDuration.Format(plan.Duration)} later",
        _ => $"at the grant after merge; ends {GrantDuration.Format(plan.Duration)} later",
    };

    private static string Line(Finding finding)
    {
        var icon = finding.Severity switch { Severity.Error => "❌", Severity.Warning => "⚠️", _ => "ℹ️" };
        var where = finding.Line > 0 ? $"{finding.Path}:{finding.Line}" : finding.Path;
        return $"{icon} {Markdown.Code(where)} {Markdown.Escape(finding.Message)}";
    }

    /// <summary>Commit ids as GitHub shows them, seven characters; anything else (a local plan's "working-tree") whole.</summary>
    private static string Short(string sha) => sha.Length == 40 && sha.All(char.IsAsciiHexDigit) ? sha[..7] : sha;
}
