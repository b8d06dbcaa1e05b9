using GitJit.Core.CodeOwners;

namespace GitJit.Fuzz.Targets;

/// <summary>A CODEOWNERS file as the repository reads it, then asked for the owners of the paths GitJit asks about.</summary>
internal sealed class CodeOwnersTarget : IFuzzTarget
{
    private static readonly string[] Paths =
    [
        "access-requests/orders-db/alice-stuck-orders.yaml",
        "access-requests/analytics-db/erin.yaml",
        "policies/orders-db.yaml",
        "schemas/access-request.schema.json",
        ".github/CODEOWNERS",
        "README.md",
    ];

    public string Name => "codeowners";

    public byte[] Warmup => RuleFiles.Embedded[".github/CODEOWNERS"];

    public void Run(ReadOnlySpan<byte> input)
    {
        var file = CodeOwnersFile.Parse(".github/CODEOWNERS", input);
        foreach (var path in Paths)
        {
            _ = file.OwnersOf(path);
        }
    }
}
