using GitJit.Core.Documents;

namespace GitJit.Core.Decisions.Rules;

/// <summary>A request names a resource that has a policy, <c>policies/&lt;resource&gt;.yaml</c>, on the base branch.</summary>
internal sealed class KnownResourceRule : IRequestRule
{
    private const string Code = "request.unknown-resource";

    public IReadOnlyList<string> Codes { get; } = [Code];

    public IEnumerable<Finding> Check(RequestContext request)
    {
        if (request is not { Request: { } read, Policy: null }) return [];
        return [Finding.Error(request.Path, request.Document.At("resource"), Code,
            $"there is no policy for resource {Text.Quote(read.Resource)} ({PolicyDocument.PathFor(read.Resource)} does not exist)")];
    }
}
