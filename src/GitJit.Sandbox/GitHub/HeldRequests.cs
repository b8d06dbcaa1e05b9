using Microsoft.AspNetCore.Http;

namespace GitJit.Sandbox.GitHub;

/// <summary>Requests the fake holds unanswered, as a GitHub that stopped answering would, until the test lets them go.</summary>
internal sealed class HeldRequests
{
    private readonly Lock gate = new();
    private readonly List<Hold> holds = [];

    public IDisposable Add(Func<string, bool> matches)
    {
        var hold = new Hold(this, matches);
        lock (gate) holds.Add(hold);
        return hold;
    }

    /// <summary>Waits while a hold matches the request's path; an aborted request is simply dropped.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? "";
        Task? held;
        lock (gate) held = holds.FirstOrDefault(h => h.Matches(path))?.Released;
        if (held is not null)
        {
            try
            {
                await held.WaitAsync(context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        await next(context).ConfigureAwait(false);
    }

    private sealed class Hold(HeldRequests owner, Func<string, bool> matches) : IDisposable
    {
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Func<string, bool> Matches => matches;

        public Task Released => released.Task;

        public void Dispose()
        {
            lock (owner.gate) owner.holds.Remove(this);
            released.TrySetResult();
        }
    }
}
