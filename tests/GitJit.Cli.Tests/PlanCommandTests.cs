using System.Text.Json;
using GitJit.Testing;

namespace GitJit.Cli.Tests;

public sealed class PlanCommandTests
{
    [Fact]
    public async Task Plan_PrintsTheBotsComment_WaitingForApproval()
    {
        var (exitCode, output, _) = await CliRun.RunAsync("plan", Path.Combine(ProjectFiles.Root, "access-requests/orders-db/alice-stuck-orders.yaml"), "--repo", ProjectFiles.Root);

        Assert.Equal(ExitCodes.Clean, exitCode);
        Assert.StartsWith("<!-- gitjit:plan -->", output, StringComparison.Ordinal);
        Assert.Contains("waiting for approval", output, StringComparison.Ordinal);
        Assert.Contains("for **2h**", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApprovedByACodeOwner_IsApproved()
    {
        var (exitCode, output, _) = await CliRun.RunAsync("plan", "access-requests/orders-db/alice-stuck-orders.yaml", "--repo", ProjectFiles.Root, "--approved-by", "dana");

        Assert.Equal(ExitCodes.Clean, exitCode);
        Assert.Contains("approved — merging grants this access", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TeamsFile_LetsATeamMemberApprove()
    {
        using var dir = new TemporaryDirectory();
        var teams = dir.Write("teams.yaml", "acme/orders-dba: [olga]\nacme/engineering: [carol]\n");

        var (_, output, _) = await CliRun.RunAsync("plan", "access-requests/orders-db/carol-fix-order-4711.yaml", "--repo", ProjectFiles.Root,
            "--approved-by", "olga,dana", "--teams", teams, "--format", "json");

        using var json = JsonDocument.Parse(output);
        Assert.Equal("approved", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("plan").GetProperty("approvals").GetProperty("counted").GetArrayLength());
    }

    [Fact]
    public async Task SelfApproval_DoesNotApprove()
    {
        var (_, output, _) = await CliRun.RunAsync("plan", "access-requests/orders-db/alice-stuck-orders.yaml", "--repo", ProjectFiles.Root, "--approved-by", "alice");

        Assert.Contains("`@alice` does not count: is the requester", output, StringComparison.Ordinal);
        Assert.Contains("waiting for approval", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherAuthor_IsRefused_ExitOne()
    {
        var (exitCode, output, _) = await CliRun.RunAsync("plan", "access-requests/orders-db/alice-stuck-orders.yaml", "--repo", ProjectFiles.Root, "--author", "mallory");

        Assert.Equal(ExitCodes.Findings, exitCode);
        Assert.Contains("refused", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileOutsideTheRepository_IsAUsageError()
    {
        using var dir = new TemporaryDirectory();
        var file = dir.Write("alice.yaml", Requests.AliceReadOnly);

        var (exitCode, _, error) = await CliRun.RunAsync("plan", file, "--repo", ProjectFiles.Root);

        Assert.Equal(ExitCodes.UsageOrIo, exitCode);
        Assert.Contains("not inside the repository", error, StringComparison.Ordinal);
    }
}
