using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// The faults a test asked for (<see cref="FakeGitHubServer.Fail"/>), answered in place of GitHub's work or, for
/// <see cref="GitHubFaultKind.ServerErrorAfterWork"/>, in place of its answer. A request takes the first fault that
/// matches it and has answers left.
/// </summary>
internal sealed class InjectedFaults(FakeGitHubState state)
{
    private readonly List<InjectedFault> faults = [];

    public InjectedFault Add(Func<string, string, bool> matches, int times, GitHubFault fault)
    {
        ArgumentNullException.ThrowIfNull(matches);
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        var injected = new InjectedFault(this, matches, times, fault);
        lock (state.Gate) faults.Add(injected);
        return injected;
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var (method, path) = (context.Request.Method, context.Request.Path.Value ?? "");
        var token = InstallationTokenFilter.Credential(context.Request.Headers.Authorization.ToString());
        GitHubFault? fault = null;
        long? installation = null;
        lock (state.Gate)
        {
            var issued = token is null ? null : state.Tokens.GetValueOrDefault(token);
            var injected = faults.FirstOrDefault(f => f.Left > 0 && f.Matches(method, path) && (f.Fault.Kind != GitHubFaultKind.TokenRevoked || issued is not null));
            if (injected is not null)
            {
                injected.Left--;
                injected.Count++;
                fault = injected.Fault;
                installation = issued?.Installation.Id;
                if (fault.Kind == GitHubFaultKind.TokenRevoked) state.Tokens.Remove(token!);
            }
        }

        switch (fault?.Kind)
        {
            case null:
                await next(context).ConfigureAwait(false);
                return;
            case GitHubFaultKind.ServerErrorAfterWork:
                await DoThenFailAsync(context, next, fault.Status).ConfigureAwait(false);
                return;
            case GitHubFaultKind.ServerError:
                await GitHubResults.ServerError(fault.Status).ExecuteAsync(context).ConfigureAwait(false);
                return;
            case GitHubFaultKind.TokenRevoked:
                await GitHubResults.BadCredentials().ExecuteAsync(context).ConfigureAwait(false);
                return;
            case GitHubFaultKind.SecondaryRateLimit:
                await GitHubResults.SecondaryRateLimited(fault.Wait).ExecuteAsync(context).ConfigureAwait(false);
                return;
            case GitHubFaultKind.ValidationFailed:
                await GitHubResults.ValidationFailedCustom(fault.Resource!, fault.Message!).ExecuteAsync(context).ConfigureAwait(false);
                return;
            case GitHubFaultKind.PrimaryRateLimit:
                DateTimeOffset reset;
                lock (state.Gate) reset = state.Time.GetUtcNow() + fault.Wait;
                await GitHubResults.RateLimited(installation, reset).ExecuteAsync(context).ConfigureAwait(false);
                return;
        }
    }

    /// <summary>Lets the route do its work into a buffer nobody reads, then answers the server error instead.</summary>
    private static async Task DoThenFailAsync(HttpContext context, RequestDelegate next, int status)
    {
        var body = context.Features.Get<IHttpResponseBodyFeature>()!;
        using var discarded = new MemoryStream();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(discarded));
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            context.Features.Set(body);
        }
        context.Response.Clear();
        await GitHubResults.ServerError(status).ExecuteAsync(context).ConfigureAwait(false);
    }

    private Lock Gate => state.Gate;

    private void Remove(InjectedFault fault)
    {
        lock (state.Gate) faults.Remove(fault);
    }

    /// <summary>One fault a test asked for; disposing it ends it, answered or not.</summary>
    internal sealed class InjectedFault(InjectedFaults owner, Func<string, string, bool> matches, int times, GitHubFault fault) : IFakeFault
    {
        public Func<string, string, bool> Matches => matches;

        public GitHubFault Fault => fault;

        public int Left { get; set; } = times;

        /// <summary>How many requests it answered; read and written under the state's gate.</summary>
        public int Count { get; set; }

        public int Answered
        {
            get { lock (owner.Gate) return Count; }
        }

        public void Dispose() => owner.Remove(this);
    }
}

/// <summary>A fault injected into the fake GitHub: how many requests it answered so far. Disposing it ends it.</summary>
public interface IFakeFault : IDisposable
{
    int Answered { get; }
}
