namespace GitJit.Server.Tests;

/// <summary>
/// One <see cref="RealGrantWorld"/> for the whole policy-bypass table: each attempt works on pull requests, request
/// paths and branches of its own, and starts from the base commit, so one server, target database and remote serve
/// them all, one after the other.
/// </summary>
public sealed class PolicyBypassWorld : IAsyncLifetime
{
    internal RealGrantWorld Real { get; private set; } = null!;

    public async Task InitializeAsync() => Real = await RealGrantWorld.StartAsync();

    public async Task DisposeAsync() => await Real.DisposeAsync();
}
