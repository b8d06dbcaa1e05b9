using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace GitJit.Server.Hosting;

/// <summary>
/// GitJit's admins (<c>GitJit:Admins</c>), known by GitHub user id: a login names an account only until it is renamed,
/// or deleted and registered again by someone else. Each configured login is looked up once (<c>GET /users/{login}</c>)
/// when the server starts — the start waits for the first try, at most five seconds; what failed is tried again every
/// minute in the background — and from then on only that account is the admin, whatever later holds the login. A
/// login not yet resolved gives nobody admin rights.
/// </summary>
public sealed class Admins(GitJit.GitHub.GitHubAppClients clients, IOptions<GitJitOptions> options, TimeProvider time, ILogger<Admins> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RetryEvery = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<long, string> byId = new();
    private readonly CancellationTokenSource stopping = new();
    private Task? resolving;

    /// <summary>Whether the GitHub account <paramref name="id"/> is one of the configured admins.</summary>
    public bool Includes(long id) => id > 0 && byId.ContainsKey(id);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var firstTry = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        resolving = ResolveAsync(firstTry, stopping.Token);
        try
        {
            // A bound on starting up, not a time in GitJit's domain: the wall clock, whatever clock the server is given.
            await firstTry.Task.WaitAsync(FirstWait, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // GitHub is slow to answer: start anyway; the lookups go on in the background.
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        if (resolving is not null) await Task.WhenAny(resolving, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
    }

    public void Dispose() => stopping.Dispose();

    private async Task ResolveAsync(TaskCompletionSource firstTry, CancellationToken cancellationToken)
    {
        var pending = options.Value.Admins.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        while (pending.Count > 0 && !cancellationToken.IsCancellationRequested)
        {
            foreach (var login in pending.ToList())
            {
                try
                {
                    var user = await (await ClientAsync(cancellationToken).ConfigureAwait(false)).User.Get(login).ConfigureAwait(false);
                    byId[user.Id] = user.Login;
                    pending.Remove(login);
                    Log.AdminResolved(logger, login, user.Id);
                }
                catch (Octokit.NotFoundException)
                {
                    pending.Remove(login);
                    Log.AdminUnknown(logger, login);
                }
                catch (Exception e) when (e is Octokit.ApiException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    Log.AdminNotResolved(logger, e, login);
                }
            }
            firstTry.TrySetResult();
            if (pending.Count > 0)
            {
                try
                {
                    await Task.Delay(RetryEvery, time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
        firstTry.TrySetResult();
    }

    /// <summary>Any installation's client (some GitHub Enterprise servers answer nobody anonymous), else an anonymous one.</summary>
    private async Task<Octokit.IGitHubClient> ClientAsync(CancellationToken cancellationToken)
    {
        var installations = await clients.ForApp().GitHubApps.GetAllInstallationsForCurrent().ConfigureAwait(false);
        return installations.Count > 0 ? await clients.ForInstallationAsync(installations[0].Id, cancellationToken).ConfigureAwait(false) : clients.Anonymous();
    }
}
