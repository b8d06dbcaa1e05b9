using System.Net;

namespace GitJit.Server.Tests.Sandbox;

/// <summary>
/// The server that runs as a configured App carries the sandbox's stand-in and setup mode in its binary, and serves
/// neither: no /setup, no stand-in page, no stand-in API, whatever someone who reaches it asks.
/// </summary>
public sealed class ConfiguredServerTests
{
    [Theory]
    [InlineData("GET", "/setup")]
    [InlineData("GET", "/setup?token=0")]
    [InlineData("GET", "/setup/done?code=c&state=s")]
    [InlineData("POST", "/setup")]
    [InlineData("POST", "/sandbox/act-as")]
    [InlineData("GET", "/acme/access")]
    [InlineData("GET", "/acme/access/request-access")]
    [InlineData("POST", "/settings/apps/new")]
    [InlineData("POST", "/api/v3/app-manifests/abc/conversions")]
    [InlineData("GET", "/api/v3/app")]
    public async Task Neither_setup_nor_the_stand_in_is_served(string method, string path)
    {
        await using var world = await FlowWorld.CreateAsync();
        await using var server = await ServerUnderTest.StartAsync(world.Settings());
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(server.Address, path.TrimStart('/')));
        if (method == "POST") request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["login"] = "alice", ["manifest"] = "{}" });

        using var response = await http.SendAsync(request);

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed, HttpStatusCode.BadRequest });
        Assert.DoesNotContain("stand-in", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
