using GitJit.Core.Model;

namespace GitJit.Core.Decisions.Rules;

/// <summary>
/// A request marked <c>emergency</c> asks for a role whose policy allows emergencies, and for no longer than the role's
/// emergency <c>maxDuration</c>: break-glass is a short, policy-capped path, never a way around approvals.
/// </summary>
internal sealed class EmergencyRule : IRequestRule
{
    private const string NotAllowed = "request.emergency-not-allowed";
    private const string TooLong = "request.emergency-too-long";

    public IReadOnlyList<string> Codes { get; } = [NotAllowed, TooLong];

    public IEnumerable<Finding> Check(RequestContext request)
    {
        if (request is not { Request: { Emergency: true } read, Role: { } role }) return [];
        if (role.Emergency is not { } emergency)
        {
            return [Finding.Error(request.Path, request.Document.At("emergency"), NotAllowed,
                $"the {role.Name} role may not be granted in an emergency: its policy has no emergency rule; remove emergency: true and ask for approval")];
        }
        if (read.Duration <= emergency.MaxDuration) return [];
        return [Finding.Error(request.Path, request.Document.At("duration"), TooLong,
            $"duration {GrantDuration.Format(read.Duration)} is longer than the {role.Name} role allows in an emergency ({GrantDuration.Format(emergency.MaxDuration)})")];
    }
}
