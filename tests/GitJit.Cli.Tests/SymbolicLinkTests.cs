using System.Text.Json;
using GitJit.Testing;

namespace GitJit.Cli.Tests;

/// <summary>
/// Folders of an access repository that are symbolic links to somewhere else on the machine: each is a finding, and
/// nothing behind it is read: what lies outside would change the findings if it were.
/// </summary>
public sealed class SymbolicLinkTests : IDisposable
{
    private readonly TemporaryDirectory repo = new TemporaryDirectory().WithExampleRepository();
    private readonly TemporaryDirectory elsewhere = new();

    public void Dispose()
    {
        repo.Dispose();
        elsewhere.Dispose();
    }

    [Fact]
    public async Task SymlinkedRequestsFolder_IsAFinding_AndNothingInItIsRead()
    {
        elsewhere.Write("orders-db/outside.yaml", Requests.AliceWith("duration", "9h"));
        Directory.Delete(Path.Combine(repo.Path, "access-requests"), recursive: true);
        Directory.CreateSymbolicLink(Path.Combine(repo.Path, "access-requests"), elsewhere.Path);

        var (exitCode, findings) = await ValidateAsync();

        Assert.Equal(ExitCodes.Findings, exitCode);
        Assert.Contains(findings, f => f is ("access-requests", "repo.symlink", _));
        Assert.DoesNotContain(findings, f => f.Path.Contains("outside", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SymlinkedPoliciesFolder_IsAFinding_AndNoPolicyBehindItIsRead()
    {
        // The real policy, moved out: read through the link, it would make the requests pass.
        elsewhere.Write("orders-db.yaml", await File.ReadAllTextAsync(Path.Combine(repo.Path, "policies", "orders-db.yaml")));
        Directory.Delete(Path.Combine(repo.Path, "policies"), recursive: true);
        Directory.CreateSymbolicLink(Path.Combine(repo.Path, "policies"), elsewhere.Path);

        var (exitCode, findings) = await ValidateAsync();

        Assert.Equal(ExitCodes.Findings, exitCode);
        Assert.Contains(findings, f => f is ("policies", "repo.symlink", _));
        Assert.Contains(findings, f => f is ("access-requests/orders-db/alice-stuck-orders.yaml", "request.policy-invalid", _));
    }

    [Fact]
    public async Task SymlinkedSchemasAndGithubFolders_AreFindings_AndNotRead()
    {
        elsewhere.Write("access-request.schema.json", "{ not json");
        elsewhere.Write("CODEOWNERS", "access-requests/ @mallory\n");
        Directory.Delete(Path.Combine(repo.Path, "schemas"), recursive: true);
        Directory.Delete(Path.Combine(repo.Path, ".github"), recursive: true);
        Directory.CreateSymbolicLink(Path.Combine(repo.Path, "schemas"), elsewhere.Path);
        Directory.CreateSymbolicLink(Path.Combine(repo.Path, ".github"), elsewhere.Path);

        var (exitCode, findings) = await ValidateAsync();
        var (_, owners, _) = await CliRun.RunAsync("owners", "--repo", repo.Path, "access-requests/orders-db/x.yaml");

        Assert.Equal(ExitCodes.Findings, exitCode);
        Assert.Contains(findings, f => f is ("schemas/access-request.schema.json", "schema.invalid", var message) && message.Contains("regular file", StringComparison.Ordinal));
        Assert.Contains(findings, f => f is (".github/CODEOWNERS", "repo.symlink", _));
        Assert.DoesNotContain("mallory", owners, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanOfARequestInASymlinkedFolder_IsRefused_Unread()
    {
        elsewhere.Write("alice.yaml", Requests.AliceReadOnly);
        Directory.Delete(Path.Combine(repo.Path, "access-requests", "orders-db"), recursive: true);
        Directory.CreateSymbolicLink(Path.Combine(repo.Path, "access-requests", "orders-db"), elsewhere.Path);

        var (exitCode, output, _) = await CliRun.RunAsync("plan", "access-requests/orders-db/alice.yaml", "--repo", repo.Path, "--format", "json");

        using var json = JsonDocument.Parse(output);
        Assert.Equal(ExitCodes.Findings, exitCode);
        Assert.Equal("refused", json.RootElement.GetProperty("status").GetString());
        Assert.Contains("pr.symlink", output, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, List<(string Path, string Code, string Message)> Findings)> ValidateAsync()
    {
        var (exitCode, output, _) = await CliRun.RunAsync("validate", repo.Path, "--format", "json");
        using var json = JsonDocument.Parse(output);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (f.GetProperty("path").GetString()!, f.GetProperty("code").GetString()!, f.GetProperty("message").GetString()!))
            .ToList();
        return (exitCode, findings);
    }
}
