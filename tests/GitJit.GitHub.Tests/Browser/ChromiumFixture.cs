using GitJit.Testing.Browser;

namespace GitJit.GitHub.Tests.Browser;

/// <summary>One Chromium for every test in the "Chromium" collection; each test opens its own context.</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private Chromium? chromium;

    public Chromium Chromium => chromium ?? throw new InvalidOperationException("Chromium has not been launched.");

    public async Task InitializeAsync() => chromium = await Chromium.LaunchAsync();

    public async Task DisposeAsync()
    {
        if (chromium is not null) await chromium.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ChromiumCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "Chromium";
}
