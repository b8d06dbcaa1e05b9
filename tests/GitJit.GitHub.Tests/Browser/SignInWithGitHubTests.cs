using GitJit.Sandbox.GitHub;
using Microsoft.Playwright;

namespace GitJit.GitHub.Tests.Browser;

/// <summary>The fake's web flow in a real browser, against ASP.NET Core's own OAuth handler.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class SignInWithGitHubTests(ChromiumFixture browser)
{
    [Fact]
    public async Task SignIn_ThroughTheForm_SignsTheUserIntoTheRelyingParty()
    {
        await using var github = await FakeGitHubServer.StartAsync();
        var app = github.RegisterApp(1);
        await using var site = await RelyingParty.StartAsync(github, app);
        app.AddCallbackUrl(new Uri(site.Urls.Single() + "/signin-github"));
        await using var context = await browser.Chromium.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(site.Urls.Single());
        await page.GetByLabel("Username or email address").FillAsync("alice");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.Locator("#login")).ToHaveTextAsync("alice");
    }

    [Fact]
    public async Task SignIn_InTwoContexts_KeepsTwoUsersApart()
    {
        await using var github = await FakeGitHubServer.StartAsync();
        var app = github.RegisterApp(1);
        await using var site = await RelyingParty.StartAsync(github, app);
        await using var alice = await browser.Chromium.NewContextAsync();
        await using var bob = await browser.Chromium.NewContextAsync();

        var alicePage = await SignInAsync(alice, site.Urls.Single(), "alice");
        var bobPage = await SignInAsync(bob, site.Urls.Single(), "bob");
        await alicePage.ReloadAsync();

        await Assertions.Expect(alicePage.Locator("#login")).ToHaveTextAsync("alice");
        await Assertions.Expect(bobPage.Locator("#login")).ToHaveTextAsync("bob");
    }

    [Fact]
    public async Task SignIn_WhenAlreadySignedInOnGitHub_SkipsTheForm()
    {
        await using var github = await FakeGitHubServer.StartAsync();
        var app = github.RegisterApp(1);
        await using var site = await RelyingParty.StartAsync(github, app);
        github.SignedInAs = "carol";
        await using var context = await browser.Chromium.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(site.Urls.Single());

        await Assertions.Expect(page.Locator("#login")).ToHaveTextAsync("carol");
    }

    [Fact]
    public async Task Cancel_SendsTheUserToTheAccessDeniedPage()
    {
        await using var github = await FakeGitHubServer.StartAsync();
        var app = github.RegisterApp(1);
        await using var site = await RelyingParty.StartAsync(github, app);
        await using var context = await browser.Chromium.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(site.Urls.Single());
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await Assertions.Expect(page.Locator("#denied")).ToBeVisibleAsync();
    }

    private static async Task<IPage> SignInAsync(IBrowserContext context, string site, string login)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(site);
        await page.GetByLabel("Username or email address").FillAsync(login);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#login")).ToHaveTextAsync(login);
        return page;
    }
}
