using System.Diagnostics;
using GitJit.Gateway.Wire.Protocol;
using Xunit.Abstractions;

namespace GitJit.Gateway.Tests.Wire;

/// <summary>Idle sessions hold no buffer: what one costs in managed memory, both the gateway's sides together.</summary>
[Collection(WholeProcess.Name)]
public sealed class IdleSessionMemoryTests(ITestOutputHelper output)
{
    private const int Sessions = 200;

    [Fact]
    public async Task AnIdleSession_CostsTheGatewayLittleMemory()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        var warm = await RawClient.ConnectAsync(gateway);
        await warm.DisposeAsync();
        var before = Managed();
        var resident = Process.GetCurrentProcess().WorkingSet64;

        var clients = new List<RawClient>();
        for (var i = 0; i < Sessions; i++)
        {
            var client = await RawClient.ConnectAsync(gateway);
            client.Out.Query("select 1");
            await client.SendAsync();
            await client.ReadAsync();
            clients.Add(client);
        }
        var after = Managed();
        var residentAfter = Process.GetCurrentProcess().WorkingSet64;
        foreach (var client in clients) await client.DisposeAsync();

        var perSession = (after - before) / Sessions;
        output.WriteLine($"{Sessions} idle sessions after one query each: managed {(after - before) >> 10} KiB ({perSession / 1024.0:F1} KiB per session, gateway and test client together); resident {(residentAfter - resident) >> 10} KiB");
        Assert.True(perSession < 48 * 1024, $"{perSession} bytes per idle session");
        await GatewayHarness.EventuallyAsync(() => Task.FromResult(gateway.Server.ConnectionCount == 0), "every session closed");
    }

    private static long Managed()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
