using Microsoft.Extensions.DependencyInjection;

namespace GitJit.Server.Tests;

/// <summary>A fresh GitHub world and the real server pointed at it, for each test.</summary>
public abstract class ServerFlowTests : IAsyncLifetime
{
    internal FlowWorld World { get; private set; } = null!;

    internal ServerUnderTest Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        World = await FlowWorld.CreateAsync();
        Server = await ServerUnderTest.StartAsync(World.Settings(), ConfigureServices);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await World.DisposeAsync();
    }

    /// <summary>Replace services (test doubles) before the server's own registrations.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }
}
