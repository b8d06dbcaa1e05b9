namespace GitJit.Core.Decisions.Rules;

/// <summary>
/// Every rule of the decision, in one place, in the order their findings are reported. Every rule runs and all findings
/// are gathered; a rule that does not apply (no request read, no role found) reports nothing. Adding a rule is adding
/// its file and one line here.
/// </summary>
internal static class RuleSet
{
    /// <summary>The static rules, applied to every request file by <see cref="RequestRules"/>.</summary>
    public static IReadOnlyList<IRequestRule> Request { get; } =
    [
        new RequestLocationRule(),
        new RequestDocumentRule(),
        new FolderMatchesResourceRule(),
        new KnownResourceRule(),
        new ValidPolicyRule(),
        new KnownRoleRule(),
        new MaxDurationRule(),
        new TicketRequiredRule(),
        new TicketPatternRule(),
        new EligibleRequesterRule(),
        new GuardrailsNarrowRule(),
        new ApproversExistRule(),
    ];
}
