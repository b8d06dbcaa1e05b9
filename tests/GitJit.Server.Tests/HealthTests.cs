using System.Net;
using System.Text.Json;
using GitJit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

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
        var settings = ServerUnderTest.Settings(new Uri("http://127.0.0.1:9/"), 1, ServerUnderTest.UnknownPrivateKeyPem(), "secret");
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
        settings["GitJit:GitHub:PrivateKey"] = ServerUnderTest.UnknownPrivateKeyPem();
        await using var server = await ServerUnderTest.StartAsync(settings);

        var (status, json) = await HealthAsync(server);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("refused the App's credentials (401)", json.GetProperty("github").GetProperty("problem").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManyHealthChecks_AskGitHubOnce_WhileItsAnswerIsFresh()
    {
        await using var world = await FlowWorld.CreateAsync();
        await using var server = await ServerUnderTest.StartAsync(world.Settings());

        var together = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => HealthAsync(server)));
        var after = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++) after.Add((await HealthAsync(server)).Status);

        Assert.All(together, answer => Assert.Equal(HttpStatusCode.OK, answer.Status));
        Assert.All(after, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(1, world.GitHub.Requests("GET", "/app"));
    }

    [Fact]
    public async Task GitHubsAnswer_IsKeptAMinute_WhenItAcceptsTheApp()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var world = await FlowWorld.CreateAsync();
        await using var server = await ServerUnderTest.StartAsync(world.Settings(), services => services.AddSingleton<TimeProvider>(time));

        await HealthAsync(server);
        time.Advance(TimeSpan.FromSeconds(59));
        var stillFresh = await HealthAsync(server);
        var askedWithinTheMinute = world.GitHub.Requests("GET", "/app");
        time.Advance(TimeSpan.FromSeconds(2));
        await HealthAsync(server);

        Assert.Equal(HttpStatusCode.OK, stillFresh.Status);
        Assert.Equal((1, 2), (askedWithinTheMinute, world.GitHub.Requests("GET", "/app")));
    }

    [Fact]
    public async Task GitHubsRefusal_IsKeptOnlyAFewSeconds()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var world = await FlowWorld.CreateAsync();
        var settings = world.Settings();
        settings["GitJit:GitHub:PrivateKey"] = ServerUnderTest.UnknownPrivateKeyPem();
        await using var server = await ServerUnderTest.StartAsync(settings, services => services.AddSingleton<TimeProvider>(time));

        for (var i = 0; i < 10; i++) await HealthAsync(server);
        var askedAtFirst = world.GitHub.Requests("GET", "/app");
        time.Advance(TimeSpan.FromSeconds(6));
        var (status, json) = await HealthAsync(server);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("refused the App's credentials (401)", json.GetProperty("github").GetProperty("problem").GetString(), StringComparison.Ordinal);
        Assert.Equal((1, 2), (askedAtFirst, world.GitHub.Requests("GET", "/app")));
    }

    private static async Task<(HttpStatusCode Status, JsonElement Json)> HealthAsync(ServerUnderTest server)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(server.Address, "/healthz"));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}
