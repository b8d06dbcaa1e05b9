using GitJit.GitHub;
using GitJit.Server.Setup;
using GitJit.Testing;
using Microsoft.Extensions.Configuration;

namespace GitJit.Server.Tests.Setup;

/// <summary>The App /setup stored is the server's configuration when nothing else names one, and explicit settings win over it.</summary>
public sealed class StoredAppTests
{
    private static readonly StoredApp App = new(7, "gitjit-x", "GitJit (x)", "acme", "https://github.example/apps/gitjit-x", "Iv23liABCDEFGHIJKL", "client-secret-0123456789", "webhook-secret-0123456789");

    [Fact]
    public void AStoredApp_IsReadAsTheAppsSettings_BelowExplicitOnes()
    {
        using var data = new TemporaryDirectory();
        App.Write(data.Path, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["GitJit:DataDirectory"] = data.Path, ["GitJit:GitHub:WebhookSecret"] = "explicit-secret-0123456789" });

        var stored = StoredApp.AddTo(configuration);

        Assert.Equal(App, stored);
        var github = configuration.GetSection(GitHubOptions.SectionName).Get<GitHubOptions>()!;
        Assert.Equal((7L, Path.Combine(data.Path, StoredApp.KeyFileName)), (github.AppId, github.PrivateKeyPath));
        Assert.Equal(("Iv23liABCDEFGHIJKL", "client-secret-0123456789"), (github.ClientId, github.ClientSecret));
        Assert.Equal("explicit-secret-0123456789", github.WebhookSecret);
        Assert.False(SetupMode.IsNeeded(configuration));
    }

    [Fact]
    public void AConfiguredAppId_LeavesTheStoredAppUnread()
    {
        using var data = new TemporaryDirectory();
        App.Write(data.Path, "key");
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["GitJit:DataDirectory"] = data.Path, ["GitJit:GitHub:AppId"] = "99" });

        Assert.Null(StoredApp.AddTo(configuration));
        Assert.Equal("99", configuration["GitJit:GitHub:AppId"]);
        Assert.Null(configuration["GitJit:GitHub:ClientId"]);
    }

    [Fact]
    public void AnUnreadableStoredApp_StopsTheStart_NamingTheFile()
    {
        using var data = new TemporaryDirectory();
        data.Write(StoredApp.FileName, "{ not json");
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["GitJit:DataDirectory"] = data.Path });

        var refused = Assert.Throws<InvalidOperationException>(() => StoredApp.AddTo(configuration));

        Assert.Contains(Path.Combine(data.Path, StoredApp.FileName), refused.Message, StringComparison.Ordinal);
    }
}
