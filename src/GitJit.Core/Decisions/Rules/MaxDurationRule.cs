using GitJit.Core.Model;

namespace GitJit.Core.Decisions.Rules;

/// <summary>A request asks for no longer than its role's <c>maxDuration</c>.</summary>
internal sealed class MaxDurationRule : IRequestRule
{
    private const string Code = "request.duration-too-long";

    public IReadOnlyList<string> Codes { get; } = [Code];

    public IEnumerable<Finding> Check(RequestContext request)
    {
        if (request is not { Request: { } read, Role: { } role } || read.Duration <= role.MaxDuration) return [];
        return [Finding.Error(request.Path, request.Document.At("duration"), Code,
            $"duration {GrantDuration.Format(read.Duration)} is longer than the {role.Name} role allows ({GrantDuration.Format(role.MaxDuration)})")];
    }
}
