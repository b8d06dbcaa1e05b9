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
        new EmergencyRule(),
        new OneKindOfRequestRule(),
        new StartWithinReachRule(),
        new TicketRequiredRule(),
        new TicketPatternRule(),
        new EligibleRequesterRule(),
        new GuardrailsNarrowRule(),
        new GatewayRequiredRule(),
        new ApproversExistRule(),
        new ExtensionRequestRule(),
    ];

    /// <summary>
    /// The pull-request rules, applied by <see cref="PullRequestDecider"/> beside the static rules of the request the
    /// pull request adds.
    /// </summary>
    public static IReadOnlyList<IPullRequestRule> PullRequest { get; } =
    [
        new RequestsUnchangedRule(),
        new OneRequestRule(),
        new OnlyTheRequestRule(),
        new EachCommitOnlyTheRequestRule(),
        new RegularFileRule(),
        new RequestLocationRule(),
        new RequestReadableRule(),
        new RequesterIsAuthorRule(),
    ];
}
