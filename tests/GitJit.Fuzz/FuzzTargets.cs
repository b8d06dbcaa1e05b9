using GitJit.Fuzz.Targets;

namespace GitJit.Fuzz;

internal static class FuzzTargets
{
    public static IReadOnlyList<IFuzzTarget> All { get; } =
    [
        new RequestTarget(),
        new PolicyTarget(),
        new SchemaTarget(),
        new CodeOwnersTarget(),
        new TeamsTarget(),
        new AuditTarget(),
        new CommandTarget(),
        new WebhookTarget(),
    ];

    public static IFuzzTarget? Find(string name) => All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));
}
