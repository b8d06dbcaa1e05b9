using System.Text.Json;
using GitJit.Testing;

namespace GitJit.Cli.Tests;

public sealed class OwnersCommandTests
{
    [Fact]
    public async Task Owners_PrintsPathTabOwnersInCodeOwnersOrder()
    {
        var (exitCode, output, _) = await CliRun.RunAsync("owners", "--repo", ProjectFiles.Root,
            "access-requests/orders-db/x.yaml", "./policies/orders-db.yaml", "src/GitJit.Core/Text.cs");

        Assert.Equal(ExitCodes.Clean, exitCode);
        Assert.Equal(
            "access-requests/orders-db/x.yaml\t@acme/orders-dba @dana\npolicies/orders-db.yaml\t@acme/platform-security\nsrc/GitJit.Core/Text.cs\t@acme/platform-security\n",
            output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task UnownedPath_HasNothingAfterTheTab()
    {
        using var repo = new TemporaryDirectory();
        repo.Write(".github/CODEOWNERS", "/docs/ @octocat\n/docs/private/\n");

        var (_, output, _) = await CliRun.RunAsync("owners", "--repo", repo.Path, "docs/private/a.md", "docs/b.md", "README.md");

        Assert.Equal("docs/private/a.md\t\ndocs/b.md\t@octocat\nREADME.md\t\n", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task JsonFormat_NamesTheCodeOwnersFileAndOwners()
    {
        var (_, output, _) = await CliRun.RunAsync("owners", "--repo", ProjectFiles.Root, "--format", "json", "access-requests/analytics-db/a.yaml");

        using var json = JsonDocument.Parse(output);
        Assert.Equal(".github/CODEOWNERS", json.RootElement.GetProperty("codeOwners").GetString());
        Assert.Equal("@acme/data-platform", json.RootElement.GetProperty("paths")[0].GetProperty("owners")[0].GetString());
    }
}
