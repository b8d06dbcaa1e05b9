using GitJit.Core.Audit;
using GitJit.Core.Grants;
using GitJit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace GitJit.Server.Tests.GitHubFaults;

/// <summary>
/// One <see cref="FlowWorld"/> and server for a table of faults, whose rows run one after the other, each on pull
/// requests of its own: grants go to a fake provider and records to an in-memory trail (the PostgreSQL provider and
/// the git trail have tests of their own), so rows are quick and run beside other tests. Every line the server logs
/// is kept, to show that no token GitHub minted is ever in one.
/// </summary>
public sealed class GitHubFaultsWorld : IAsyncLifetime
{
    internal FlowWorld World { get; private set; } = null!;

    internal ServerUnderTest Server { get; private set; } = null!;

    internal FakeAccessProvider Provider { get; } = new(TimeProvider.System);

    internal InMemoryAuditTrail Audit { get; } = new();

    internal LogLines Logs { get; } = new();

    public async Task InitializeAsync()
    {
        World = await FlowWorld.CreateAsync();
        Server = await ServerUnderTest.StartAsync(World.Settings(), services =>
        {
            services.AddSingleton<IAccessProvider>(Provider);
            services.AddSingleton<IAuditTrail>(Audit);
            services.AddSingleton<ILoggerProvider>(Logs);
            services.AddLogging(logging => logging.AddFilter<LogLines>(null, LogLevel.Information).AddFilter<LogLines>("GitJit", LogLevel.Trace));
        });
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await World.DisposeAsync();
    }
}
