using System.Text;
using GitJit.Server.Jobs;

namespace GitJit.Fuzz.Targets;

/// <summary>A pull-request comment's body, as the webhook processor hands it to <see cref="PullRequestCommands.Parse"/>.</summary>
internal sealed class CommandTarget : IFuzzTarget
{
    public string Name => "command";

    public byte[] Warmup => "/gitjit plan\nplease"u8.ToArray();

    public void Run(ReadOnlySpan<byte> input)
    {
        _ = PullRequestCommands.Parse(Encoding.UTF8.GetString(input));
    }
}
