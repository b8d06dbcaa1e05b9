using GitJit.Core.Audit;
using GitJit.Core.Grants;
using GitJit.Server.Pages;
using GitJit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitJit.Server.Tests;

/// <summary>A grant whose sessions must go through the gateway, on a server with no gateway address: nothing is revealed, never the role's own password.</summary>
public sealed class GatewayNotConfiguredTests : ServerFlowTests
{
    private readonly FakeAccessProvider provider = new(TimeProvider.System);
    private readonly InMemoryAuditTrail audit = new();
    private LogLines Logs { get; } = new();

    protected override void AdjustSettings(Dictionary<string, string?> settings)
    {
        settings.Remove("GitJit:Gateway:PublicHost");
        settings.Remove("GitJit:Gateway:PublicPort");
        // A wildcard listen address is no place to send anyone.
        settings["GitJit:Gateway:Listen"] = "0.0.0.0:6432";
    }

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<IAccessProvider>(provider);
        services.AddSingleton<IAuditTrail>(audit);
        services.AddSingleton<ILoggerProvider>(Logs);
    }

    [Fact]
    public async Task Reveal_IsRefused_NothingIsIssuedOrRecorded_AndTheOperatorIsTold()
    {
        var pullRequest = World.Open(Requests.AliceReadOnly);
        pullRequest.AddReview("olga", "APPROVED");
        await MergeAsync(pullRequest);
        var alice = new Viewer("alice", Assert.Single(audit.All).RequesterId!.Value, IsAdmin: false);

        var result = await Server.Services.GetRequiredService<CredentialsIssuer>().RevealAsync(alice, "acme", "access", pullRequest.Number, CancellationToken.None);

        Assert.Equal((RevealStatus.GatewayNotConfigured, null), (result.Status, result.Credentials));
        Assert.DoesNotContain(audit.All, r => r.Event == AuditEvent.CredentialsIssued);
        Assert.Contains(Logs.All, line => line.Contains("[1070]", StringComparison.Ordinal) && line.Contains($"acme/access#{pullRequest.Number}", StringComparison.Ordinal));
    }
}
