using GitJit.Fuzz;
using SharpFuzz;

// gitjit-fuzz TARGET            one input from afl-fuzz (or stdin) per run, through SharpFuzz
// gitjit-fuzz TARGET FILE...    replays files outside AFL and prints any exception that escapes (triage)
// gitjit-fuzz --list            the target names
if (args.Length == 0 || args[0] == "--list")
{
    Console.WriteLine(string.Join('\n', FuzzTargets.All.Select(t => t.Name)));
    return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Ok;
}
if (FuzzTargets.Find(args[0]) is not { } target)
{
    await Console.Error.WriteLineAsync($"unknown target '{args[0]}'; one of: {string.Join(", ", FuzzTargets.All.Select(t => t.Name))}");
    return ExitCodes.Usage;
}

if (args.Length > 1)
{
    return Replay.Files(target, args[1..]);
}

// The instrumented assemblies can run only inside Fuzzer.Run (its shared memory is set up there). The first input
// also loads the rules and warms the target, so that one-time work (static state, the schema cache) is done once.
var warm = false;
Fuzzer.Run(stream =>
{
    if (!warm)
    {
        warm = true;
        target.Run(target.Warmup);
    }
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    target.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
});
return ExitCodes.Ok;
