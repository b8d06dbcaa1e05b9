using GitJit.Server.Sandbox;

namespace GitJit.Server.Tests.Sandbox;

/// <summary>GitJit:Web:Notice: the line every page of GitJit shows at its top (the sandbox's "nothing reaches github.com").</summary>
public sealed class NoticeTests
{
    [Fact]
    public async Task Every_page_shows_the_configured_notice_encoded_and_none_without_it()
    {
        await using var world = await FlowWorld.CreateAsync();
        var settings = world.Settings();
        settings["GitJit:Web:Notice"] = SandboxCommand.Notice + " <b>&";
        await using var server = await ServerUnderTest.StartAsync(settings);
        using var http = new HttpClient();
        var page = await (await http.GetAsync(new Uri(server.Address, "signin/failed"))).Content.ReadAsStringAsync();
        Assert.Contains($"""<div class="site-notice" role="note">{SandboxCommand.Notice} &lt;b&gt;&amp;</div>""", page, StringComparison.Ordinal);

        await using var plain = await ServerUnderTest.StartAsync(world.Settings());
        var without = await (await http.GetAsync(new Uri(plain.Address, "signin/failed"))).Content.ReadAsStringAsync();
        Assert.Contains("<h1>Not signed in</h1>", without, StringComparison.Ordinal);
        Assert.DoesNotContain("site-notice", without, StringComparison.Ordinal);
    }
}
