using GitJit.Core.Model;
using GitJit.Core.Rendering;

namespace GitJit.Core.Decisions.Rules;

/// <summary>
/// A request's <c>start</c> lies at most <see cref="GrantStart.FarthestAhead"/> after the decision, so approvals are not
/// banked for a distant future. A start that has passed is no problem: access then begins at merge.
/// </summary>
internal sealed class StartWithinReachRule : IRequestRule
{
    private const string Code = "request.start-too-far";

    public IReadOnlyList<string> Codes { get; } = [Code];

    public IEnumerable<Finding> Check(RequestContext request)
    {
        if (request is not { Request.Start: { } start } || start - request.Now <= GrantStart.FarthestAhead) return [];
        return [Finding.Error(request.Path, request.Document.At("start"), Code,
            $"start {Markdown.Utc(start)} is more than {GrantDuration.Format(GrantStart.FarthestAhead)} away; ask again nearer the time")];
    }
}
