using GitJit.Sandbox.GitHub;
using GitJit.Server.Setup;
using GitJit.Testing;

namespace GitJit.Server.Tests.Setup;

/// <summary>/setup as a person uses it, in headless Chromium: its pages' policies, forms and cookie hold in a real browser.</summary>
public sealed class SetupBrowserTests(ChromiumFixture fixture) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task AnOperator_ClicksThroughSetup_AndTheServerBecomesTheApp()
    {
        await using var github = await FakeGitHubServer.StartAsync();
        github.AddOrganization("acme", "alice");
        github.SignedInAs = "alice";
        using var data = new TemporaryDirectory();
        await using var server = await SetupServer.StartAsync(github, data.Path);
        var context = await fixture.Chromium.NewContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            var blocked = new List<string>();
            page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) blocked.Add(message.Text); };

            await page.GotoAsync(new Uri(server.Address, "setup?token=" + server.Token).ToString());
            await page.FillAsync("#organization", "acme");
            await page.ClickAsync("button:has-text('Continue')");
            await page.ClickAsync("button:has-text('Create the App on GitHub')");
            await page.ClickAsync("button:has-text('Create GitHub App for acme')");

            Assert.StartsWith("GitJit is now the GitHub App", await page.Locator("h1").TextContentAsync(), StringComparison.Ordinal);
            var app = Assert.Single(github.Apps);
            Assert.Equal($"{app.HtmlUrl}/installations/new", await page.GetAttributeAsync("a:has-text('Install it on an organisation')", "href"));
            Assert.Empty(blocked);
            Assert.True(File.Exists(Path.Combine(data.Path, StoredApp.FileName)));
            await server.HealthAsync(h => h.Status == System.Net.HttpStatusCode.OK);
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
