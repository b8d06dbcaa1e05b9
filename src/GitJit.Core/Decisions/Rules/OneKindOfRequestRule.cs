namespace GitJit.Core.Decisions.Rules;

/// <summary>
/// A request is one kind of thing: an emergency (granted now), a scheduled one (granted at its <c>start</c>), or an
/// extension of another grant (<c>extends</c>). Two at once have no meaning GitJit could honour, so neither is guessed.
/// </summary>
internal sealed class OneKindOfRequestRule : IRequestRule
{
    private const string Code = "request.conflicting-fields";

    public IReadOnlyList<string> Codes { get; } = [Code];

    public IEnumerable<Finding> Check(RequestContext request)
    {
        if (request.Request is not { } read) yield break;
        if (read.Emergency && read.Start is not null)
        {
            yield return Finding.Error(request.Path, request.Document.At("start"), Code, "an emergency is granted when its pull request opens: it takes no start");
        }
        if (read.Emergency && read.Extends is not null)
        {
            yield return Finding.Error(request.Path, request.Document.At("extends"), Code, "an emergency is a grant of its own: it extends nothing");
        }
        if (read.Start is not null && read.Extends is not null)
        {
            yield return Finding.Error(request.Path, request.Document.At("start"), Code, "an extension moves an active grant's end: it takes no start");
        }
    }
}
