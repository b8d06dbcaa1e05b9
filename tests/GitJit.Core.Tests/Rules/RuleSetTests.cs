using System.Text.RegularExpressions;
using GitJit.Core.Decisions.Rules;
using GitJit.Testing;

namespace GitJit.Core.Tests.Rules;

/// <summary>The registry: every rule listed once, each code declared by one rule, and the codes agree with the documentation.</summary>
public sealed partial class RuleSetTests
{
    /// <summary>Documented pull-request codes that no rule reports: they need what only the bot knows (the base branch, its protection, the merge).</summary>
    private static readonly string[] DecidedElsewhere =
    [
        "pr.base-not-granting",       // GrantingBranches.NotGranting, called by GitJit.GitHub with the pull request's base branch
        "pr.branch-unprotected",      // GitJit.GitHub's BranchProtection
        "pr.merge-changes-more",      // GitJit.GitHub's MergeEvaluation, on merge
        "pr.merged-without-approval", // GitJit.GitHub's MergeEvaluation, on merge
        "pr.emergency-branch",        // GitJit.Server's PullRequestEvaluation, before an emergency grant
    ];

    private static IEnumerable<IRule> AllRules => RuleSet.Request.Cast<IRule>().Concat(RuleSet.PullRequest).DistinctBy(rule => rule.GetType());

    [Fact]
    public void EveryRuleType_IsSealed_AndListedOnceInItsRuleSet()
    {
        var types = typeof(IRule).Assembly.GetTypes().Where(t => typeof(IRule).IsAssignableFrom(t) && !t.IsInterface && !t.IsAbstract).ToList();

        Assert.NotEmpty(types);
        foreach (var type in types)
        {
            Assert.True(type.IsSealed, $"{type.Name} is not sealed");
            Assert.Equal(typeof(IRequestRule).IsAssignableFrom(type) ? 1 : 0, RuleSet.Request.Count(rule => rule.GetType() == type));
            Assert.Equal(typeof(IPullRequestRule).IsAssignableFrom(type) ? 1 : 0, RuleSet.PullRequest.Count(rule => rule.GetType() == type));
        }
    }

    [Fact]
    public void NoTwoRules_DeclareTheSameCode()
    {
        foreach (var rule in AllRules)
        {
            Assert.NotEmpty(rule.Codes);
            Assert.Equal(rule.Codes.Count, rule.Codes.Distinct(StringComparer.Ordinal).Count());
            foreach (var other in AllRules.Where(other => other != rule))
            {
                var shared = rule.Codes.Where(other.Declares).ToList();
                Assert.True(shared.Count == 0, $"{rule.GetType().Name} and {other.GetType().Name} both declare {string.Join(", ", shared)}");
            }
        }
    }

    [Fact]
    public void EveryDocumentedRequestAndPullRequestCode_IsDeclaredByARule_OrDecidedElsewhere()
    {
        var documented = DocumentedCodes();

        Assert.True(documented.Count >= 20, $"only {documented.Count} request and pull-request codes found in the documentation");
        var undeclared = documented.Where(code => !AllRules.Any(rule => rule.Declares(code)) && !DecidedElsewhere.Contains(code)).ToList();
        Assert.True(undeclared.Count == 0, "documented, but no rule declares: " + string.Join(", ", undeclared));
    }

    [Fact]
    public void EveryRequestAndPullRequestCodeOfARule_IsDocumented()
    {
        var documented = DocumentedCodes();

        var declared = AllRules.SelectMany(rule => rule.Codes).Where(code => CodeShape().IsMatch(code));
        var undocumented = declared.Where(code => !documented.Contains(code)).ToList();
        Assert.True(undocumented.Count == 0, "declared, but not documented: " + string.Join(", ", undocumented));
    }

    [Fact]
    public void CodesDecidedElsewhere_AreNoRulesAndAreStillReportedInTheSource()
    {
        var source = string.Concat(Directory.EnumerateFiles(Path.Combine(ProjectFiles.Root, "src"), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText));

        foreach (var code in DecidedElsewhere)
        {
            Assert.DoesNotContain(AllRules, rule => rule.Declares(code));
            Assert.Contains($"\"{code}\"", source, StringComparison.Ordinal);
        }
    }

    /// <summary>The request and pull-request codes the documentation names, wherever in docs/ or the README it names them.</summary>
    private static HashSet<string> DocumentedCodes()
    {
        var files = Directory.EnumerateFiles(Path.Combine(ProjectFiles.Root, "docs"), "*.md", SearchOption.AllDirectories).Append(Path.Combine(ProjectFiles.Root, "README.md"));
        return [.. files.SelectMany(file => DocumentedCode().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value))];
    }

    [GeneratedRegex(@"`((?:request|pr)\.[a-z][a-z-]*)`", RegexOptions.CultureInvariant)]
    private static partial Regex DocumentedCode();

    [GeneratedRegex(@"^(?:request|pr)\.[a-z][a-z-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex CodeShape();
}
