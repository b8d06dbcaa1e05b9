using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace GitJit.GitHub.Tests.Browser;

[Collection(ChromiumCollection.Name)]
public sealed class ChromiumTests(ChromiumFixture browser)
{
    private const string Page = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Greeter</title></head>
        <body>
          <p role="status">Not greeted yet</p>
          <button type="button" onclick="document.querySelector('[role=status]').textContent = 'Hello, browser'">Greet</button>
        </body></html>
        """;

    [Fact]
    public async Task Click_RunsThePagesScript()
    {
        await using var site = await StartSiteAsync();
        await using var context = await browser.Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(site.Urls.Single());

        await page.GetByRole(AriaRole.Button, new() { Name = "Greet" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Hello, browser");
    }

    private static async Task<WebApplication> StartSiteAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var site = builder.Build();
        site.MapGet("/", () => Results.Content(Page, "text/html; charset=utf-8"));
        await site.StartAsync();
        return site;
    }
}
