using System.Text;
using GitJit.Core.Audit;

namespace GitJit.Fuzz.Targets;

/// <summary>An audit record read back from git (<see cref="AuditJson.TryRead"/>); a record it accepts must write again.</summary>
internal sealed class AuditTarget : IFuzzTarget
{
    public string Name => "audit";

    public byte[] Warmup => Encoding.UTF8.GetBytes("""
        {
          "event": "revoked",
          "request": "acme/access#42",
          "at": "2026-11-28T14:00:00Z",
          "pullRequest": 42,
          "reason": "expired",
          "sessionsEnded": 1
        }
        """);

    public void Run(ReadOnlySpan<byte> input)
    {
        if (AuditJson.TryRead(input, out var record, out _))
        {
            _ = AuditJson.Write(record);
        }
    }
}
