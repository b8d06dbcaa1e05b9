using System.Net;
using System.Text.Json;
using GitJit.Testing;

namespace GitJit.Server.Tests;

public sealed class HealthTests
{
    [Fact]
    public async Task Healthy_WhenStorageAndGitHubAnswer()
    {
        await using var world = await FlowWorld.CreateAsync();
        await using var server = await ServerUnderTest.StartAsync(world.Settings(await TestPostgres.CreateDatabaseAsync()));

        var (status, json) = await HealthAsync(server);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("postgresql", json.GetProperty("storage").GetProperty("kind").GetString());
        Assert.Equal("gitjit", json.GetProperty("github").GetProperty("app").GetString());
    }

    [Fact]
    public async Task UnreachableGitHub_IsReported_AndTheServerStillRuns()
    {
        var settings = ServerUnderTest.Settings(new Uri("http://127.0.0.1:9/"), 1, ServerUnderTest.NewPrivateKeyPem(), "secret");
        await using var server = await ServerUnderTest.StartAsync(settings);

        var (status, json) = await HealthAsync(server);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.False(json.GetProperty("github").GetProperty("ok").GetBoolean());
        Assert.Contains("GitHub does not answer", json.GetProperty("github").GetProperty("problem").GetString(), StringComparison.Ordinal);
        Assert.True(json.GetProperty("storage").GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task WrongAppKey_IsReportedAsRefusedCredentials()
    {
        await using var world = await FlowWorld.CreateAsync();
        var settings = world.Settings();
        settings["GitJit:GitHub:PrivateKey"] = ServerUnderTest.NewPrivateKeyPem();
        await using var server = await ServerUnderTest.StartAsync(settings);

        var (status, json) = await HealthAsync(server);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("refused the App's credentials (401)", json.GetProperty("github").GetProperty("problem").GetString(), StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Json)> HealthAsync(ServerUnderTest server)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(server.Address, "/healthz"));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}
