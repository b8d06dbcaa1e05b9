using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using GitJit.Gateway.Sql.Native;

namespace GitJit.Benchmarks;

/// <summary>
/// <c>parser-stack</c>: how much stack libpg_query needs per level of a deep parse tree, shape by shape and call by
/// call — the measurement behind <c>StatementClassifierOptions.StackBytesPerStatementByte</c>. libpg_query does not
/// check its depth, so each try runs in a child process (<c>parser-stack-probe</c>) on a thread of a given stack size,
/// and a SIGSEGV is a "no": the least size that works is found by bisection.
/// </summary>
internal static class ParserStackCommand
{
    private static readonly string[] Shapes = ["+1", "*1", "||a", "->1", "::t", " is null", " collate c", " union select 1"];

    public static Command Create()
    {
        var levels = new Option<int>("--levels") { Description = "Tree levels per statement.", DefaultValueFactory = _ => 100_000 };
        var calls = new Option<string[]>("--call") { Description = "libpg_query calls to measure: parse, normalize, fingerprint.", DefaultValueFactory = _ => ["parse", "normalize", "fingerprint"] };
        var command = new Command("parser-stack", "Measure libpg_query's stack per parse-tree level, for the deepest statement shapes.") { levels, calls };
        command.SetAction(result => Run(result.GetValue(levels), result.GetValue(calls)!));
        return command;
    }

    /// <summary>One try: <c>parser-stack-probe CALL SHAPE LEVELS STACK_KIB</c>; exit 0 when it worked.</summary>
    public static Command CreateProbe()
    {
        var call = new Argument<string>("CALL");
        var shape = new Argument<string>("SHAPE");
        var levels = new Argument<int>("LEVELS");
        var stack = new Argument<int>("STACK_KIB");
        var command = new Command("parser-stack-probe", "One try of parser-stack, in a process of its own.") { call, shape, levels, stack };
        command.Hidden = true;
        command.SetAction(result => Probe(result.GetValue(call)!, result.GetValue(shape)!, result.GetValue(levels), result.GetValue(stack)));
        return command;
    }

    private static int Run(int levels, string[] calls)
    {
        Console.WriteLine("| call | shape | bytes | least stack KiB | bytes per level | bytes per statement byte |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var call in calls)
        {
            foreach (var shape in Shapes)
            {
                var (low, high) = (64, 1024 * 1024);
                while (high - low > 64)
                {
                    var middle = (low + high) / 2;
                    (low, high) = Works(call, shape, levels, middle) ? (low, middle) : (middle, high);
                }
                var bytes = 8 + shape.Length * levels;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {call} | `{shape}` | {bytes} | {high} | {high * 1024.0 / levels:F0} | {high * 1024.0 / bytes:F1} |"));
            }
        }
        return ExitCodes.Ok;
    }

    private static bool Works(string call, string shape, int levels, int stackKib)
    {
        var self = Environment.ProcessPath!;
        var start = Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? new ProcessStartInfo(self, [typeof(ParserStackCommand).Assembly.Location, "parser-stack-probe", call, shape, $"{levels}", $"{stackKib}"])
            : new ProcessStartInfo(self, ["parser-stack-probe", call, shape, $"{levels}", $"{stackKib}"]);
        start.RedirectStandardError = true;
        start.RedirectStandardOutput = true;
        using var child = Process.Start(start)!;
        // Read both pipes: a stack overflow's report would otherwise fill one and block the child for good.
        var output = child.StandardOutput.ReadToEndAsync();
        var error = child.StandardError.ReadToEndAsync();
        child.WaitForExit();
#pragma warning disable VSTHRD002 // the child has exited: both reads are complete or about to be, and this command is synchronous
        Task.WaitAll(output, error);
#pragma warning restore VSTHRD002
        return child.ExitCode == 0;
    }

    private static int Probe(string call, string shape, int levels, int stackKib)
    {
        PgQueryNative.EnsureLoaded();
        var input = Encoding.UTF8.GetBytes("select 1" + string.Concat(Enumerable.Repeat(shape, levels)) + "\0");
        var failed = false;
        var thread = new Thread(() => failed = call switch
        {
            "parse" => PgQuery.Parse(input).Error is not null,
            "normalize" => PgQuery.Normalize(input).Error is not null,
            "fingerprint" => PgQuery.Fingerprint(input).Error is not null,
            _ => throw new ArgumentOutOfRangeException(nameof(call), call, "parse, normalize or fingerprint"),
        }, stackKib * 1024);
        thread.Start();
        thread.Join();
        return failed ? ExitCodes.Usage : ExitCodes.Ok;
    }
}
