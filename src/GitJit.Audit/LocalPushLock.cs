namespace GitJit.Audit;

/// <summary>
/// Makes a push to a repository on disk atomic. libgit2's local transport checks for a fast-forward and then
/// overwrites the branch unconditionally, so two writers pushing at once can lose a commit; a git server checks and
/// updates under one lock. This lock, an exclusive <c>flock</c> on <c>gitjit-push.lock</c> in the repository (dropped by
/// the system if the process dies), gives GitJit's writers on one machine that same guarantee.
/// </summary>
internal sealed class LocalPushLock : IDisposable
{
    private const string FileName = "gitjit-push.lock";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly FileStream file;

    private LocalPushLock(FileStream file) => this.file = file;

    public static async Task<LocalPushLock> AcquireAsync(string repositoryPath, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (AppContext.TryGetSwitch("System.IO.DisableFileLocking", out var disabled) && disabled
            || Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING") is "1" or "true")
        {
            throw new InvalidOperationException("Pushing audit records to a repository on disk needs file locking, which System.IO.DisableFileLocking turns off.");
        }
        var path = Path.Combine(repositoryPath, FileName);
        var started = timeProvider.GetTimestamp();
        while (true)
        {
            try
            {
                return new LocalPushLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (File.Exists(path) && timeProvider.GetElapsedTime(started) < Patience)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(1 + Random.Shared.Next(10)), timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => file.Dispose();
}
