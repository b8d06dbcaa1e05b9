using GitJit.Cli;
using GitJit.Core.Model;

namespace GitJit.Fuzz.Targets;

/// <summary>The CLI's <c>--teams FILE</c>, then asked about the principals this repository's policies name.</summary>
internal sealed class TeamsTarget : IFuzzTarget
{
    private static readonly Principal[] Principals = [Principal.Parse("@acme/engineering"), Principal.Parse("@acme/data"), Principal.Parse("alice")];

    public string Name => "teams";

    public byte[] Warmup => "acme/engineering: [alice, bob]\n\"@acme/data\":\n  - erin\n"u8.ToArray();

    public void Run(ReadOnlySpan<byte> input)
    {
        var teams = TeamsFile.Parse("teams.yaml", input, out _);
        foreach (var principal in Principals)
        {
            _ = teams.Includes(principal, "alice");
        }
    }
}
