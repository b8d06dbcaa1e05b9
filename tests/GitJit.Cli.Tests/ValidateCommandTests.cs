using System.Diagnostics;
using System.Text.Json;
using GitJit.Core;
using GitJit.Testing;

namespace GitJit.Cli.Tests;

public sealed class ValidateCommandTests
{
    [Fact]
    public async Task ThisCheckout_ValidatesClean()
    {
        var (exitCode, output, _) = await CliRun.RunAsync("validate", ProjectFiles.Root);

        Assert.Equal(ExitCodes.Clean, exitCode);
        Assert.Matches(@"\d+ request\(s\), \d+ policies: 0 error\(s\), 0 warning\(s\)", output);
    }

    [Fact]
    public async Task Findings_ArePrintedAsPathLineColumn_AndExitOne()
    {
        using var repo = new TemporaryDirectory().WithExampleRepository();
        repo.Write("access-requests/orders-db/bob.yaml", Requests.AliceWith("duration", "9h"));

        var (exitCode, output, _) = await CliRun.RunAsync("validate", repo.Path);

        Assert.Equal(ExitCodes.Findings, exitCode);
        Assert.Contains("access-requests/orders-db/bob.yaml:4:11: error: duration 9h is longer than the read-only role allows (4h) [request.duration-too-long]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APolicyWithStatementGuardrailsAndTheGatewayOff_IsAnError_NamingTheFileRoleAndGuardrails()
    {
        using var repo = new TemporaryDirectory().WithExampleRepository();
        var policy = ProjectFiles.Read("policies/analytics-db.yaml");
        repo.Write("policies/analytics-db.yaml", policy.Replace("      requireWhere: true\n", "      requireWhere: true\n      gateway: false\n", StringComparison.Ordinal));
        var line = policy.Split('\n').ToList().FindIndex(l => l.Contains("requireWhere: true", StringComparison.Ordinal)) + 2;

        var (exitCode, output, _) = await CliRun.RunAsync("validate", repo.Path);

        Assert.Equal(ExitCodes.Findings, exitCode);
        Assert.Contains(
            $"policies/analytics-db.yaml:{line}:16: error: role 'maintainer': blockedStatements and requireWhere are enforced only by the gateway, and gateway is false, "
            + "so nothing would enforce them; remove gateway: false (the gateway is on by default beside them) or remove blockedStatements and requireWhere [policy.gateway-required]",
            output, StringComparison.Ordinal);
        Assert.Contains("access-requests/analytics-db/erin-quarterly-report.yaml", output, StringComparison.Ordinal);
        Assert.Contains("[request.policy-invalid]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARequestTurningTheGatewayOff_IsAnError_AndAskingForIt_IsClean()
    {
        using var repo = new TemporaryDirectory().WithExampleRepository();
        repo.Write("access-requests/orders-db/bob.yaml", Requests.AliceReadOnly + "\n  gateway: false\n");
        repo.Write("access-requests/orders-db/carl.yaml", Requests.AliceReadOnly + "\n  gateway: true\n");

        var (exitCode, output, _) = await CliRun.RunAsync("validate", repo.Path);

        Assert.Equal(ExitCodes.Findings, exitCode);
        Assert.Contains("access-requests/orders-db/bob.yaml:8:12: error: guardrails.gateway: the role's statement-level guardrails (blockedStatements, requireWhere) need the gateway; "
            + "a request cannot turn it off; a request may only narrow its role's guardrails [request.guardrails-widen]", output, StringComparison.Ordinal);
        Assert.DoesNotContain(output.Split('\n'), l => l.StartsWith("access-requests/orders-db/carl.yaml", StringComparison.Ordinal) && !l.Contains(": notice: ", StringComparison.Ordinal));
        Assert.Contains("1 error(s), 0 warning(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GithubFormat_PrintsWorkflowCommands()
    {
        using var repo = new TemporaryDirectory().WithExampleRepository();
        repo.Write("access-requests/orders-db/bob.yaml", Requests.AliceWith("duration", "9h"));

        var (_, output, _) = await CliRun.RunAsync("validate", repo.Path, "--format", "github");

        Assert.Contains("::error file=access-requests/orders-db/bob.yaml,line=4,col=11,title=gitjit request.duration-too-long::duration 9h is longer", output, StringComparison.Ordinal);
    }

    [Fact]
    public void GithubFormat_EscapesWhatWouldForgeACommand()
    {
        var finding = new Finding("a,b:c.yaml", 1, 2, Severity.Warning, "x", "100% done\n::error::forged");

        var line = FindingWriter.Github(finding);

        Assert.Equal("::warning file=a%2Cb%3Ac.yaml,line=1,col=2,title=gitjit x::100%25 done%0A::error::forged", line);
    }

    [Fact]
    public async Task JsonFormat_HasFindingsAndASummary()
    {
        using var repo = new TemporaryDirectory().WithExampleRepository();
        repo.Write("access-requests/orders-db/bob.yaml", "requester: [not, a, login]\n");

        var (exitCode, output, _) = await CliRun.RunAsync("validate", repo.Path, "--format", "json");

        using var json = JsonDocument.Parse(output);
        var summary = json.RootElement.GetProperty("summary");
        Assert.Equal(ExitCodes.Findings, exitCode);
        Assert.False(summary.GetProperty("isClean").GetBoolean());
        Assert.True(summary.GetProperty("errors").GetInt32() >= 1);
        var first = json.RootElement.GetProperty("findings").EnumerateArray().First(f => f.GetProperty("severity").GetString() == "error");
        Assert.Equal("access-requests/orders-db/bob.yaml", first.GetProperty("path").GetString());
    }

    [Fact]
    public async Task ASchemaPatternThatBacktracksExponentially_IsAFinding_NotAHang()
    {
        using var repo = new TemporaryDirectory().WithExampleRepository();
        repo.Write("schemas/access-request.schema.json", HostilePatterns.RequestSchemaWith("reason", HostilePatterns.Exponential));
        repo.Write("access-requests/orders-db/bob.yaml", Requests.AliceWith("reason", HostilePatterns.LongValue));
        var clock = Stopwatch.StartNew();

        var (exitCode, output, _) = await CliRun.RunAsync("validate", repo.Path).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Equal(ExitCodes.Findings, exitCode);
        Assert.Contains("access-requests/orders-db/bob.yaml:5:9: error: reason is not valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASchemaPatternThatTimesOut_IsReportedForEveryRequest_ButWaitedForOnlyOnce()
    {
        using var repo = new TemporaryDirectory().WithExampleRepository();
        repo.Write("schemas/access-request.schema.json", HostilePatterns.RequestSchemaWith("reason", HostilePatterns.ExponentialWithLookahead));
        const int requests = 100;
        for (var i = 0; i < requests; i++) repo.Write($"access-requests/orders-db/hostile-{i}.yaml", Requests.AliceWith("reason", HostilePatterns.LongValue));
        var clock = Stopwatch.StartNew();

        var (exitCode, output, _) = await CliRun.RunAsync("validate", repo.Path).WaitAsync(TimeSpan.FromSeconds(60));

        // Waiting out the deadline for each of them would take at least 100 x 100 ms over the machine's cores.
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Equal(ExitCodes.Findings, exitCode);
        Assert.Equal(requests, output.Split('\n').Count(l => l.EndsWith("[schema.pattern-timeout]", StringComparison.Ordinal)));
        Assert.Contains("access-requests/orders-db/hostile-7.yaml:5:9: error: reason could not be checked", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingDirectory_IsAnIoError()
    {
        var (exitCode, _, error) = await CliRun.RunAsync("validate", "/nonexistent/gitjit");

        Assert.Equal(ExitCodes.UsageOrIo, exitCode);
        Assert.Contains("no such directory", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("validate", "--format", "xml")]
    [InlineData("validate", "--bogus")]
    [InlineData("frobnicate")]
    [InlineData("owners")]
    public async Task BadCommandLine_IsAUsageError(params string[] args)
    {
        var (exitCode, _, error) = await CliRun.RunAsync(args);

        Assert.Equal(ExitCodes.UsageOrIo, exitCode);
        Assert.StartsWith("gitjit", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("github", "gitjit: ")]
    [InlineData("json", "\"isClean\": true")]
    public async Task TheCommand_ValidatesThisCheckout_AsAProcessWithItsOwnRuntimeSettings(string format, string expected)
    {
        var gitjit = Path.Combine(AppContext.BaseDirectory, "gitjit.dll");
        var start = new ProcessStartInfo("dotnet", [gitjit, "validate", "--format", format])
        {
            WorkingDirectory = ProjectFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(ExitCodes.Clean, process.ExitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }
}
