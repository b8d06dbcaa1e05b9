using System.Security.Cryptography;
using System.Text;
using GitJit.Core.Audit;
using LibGit2Sharp;
using LibGit2Sharp.Handlers;

namespace GitJit.Audit;

/// <summary>
/// A bare mirror of one remote in the working folder: fetches the audit branch, builds record commits straight in
/// the object database (no working tree) and pushes them without force. Not thread-safe: one caller at a time.
/// </summary>
internal sealed class AuditMirror : IDisposable
{
    private const string RemoteName = "origin";

    private readonly Repository repository;
    private readonly AuditRemote remote;
    private readonly CredentialsHandler? credentials;
    private readonly CancellationToken cancellationToken;

    private AuditMirror(Repository repository, AuditRemote remote, CancellationToken cancellationToken)
    {
        this.repository = repository;
        this.remote = remote;
        this.cancellationToken = cancellationToken;
        if (remote.Token is { Length: > 0 } token)
        {
            credentials = (_, _, _) => new UsernamePasswordCredentials { Username = "x-access-token", Password = token };
        }
    }

    private string TrackingRef => $"refs/remotes/{RemoteName}/{remote.Branch}";

    private string OutgoingRef => $"refs/gitjit/outgoing/{remote.Branch}";

    /// <summary>The mirror's folder: one per clone URL, named by its hash.</summary>
    public static string PathFor(string workingFolder, string cloneUrl) =>
        Path.Combine(workingFolder, "mirrors", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(cloneUrl)))[..24]);

    public static AuditMirror Open(string path, AuditRemote remote, CancellationToken cancellationToken)
    {
        if (!Repository.IsValid(path))
        {
            Directory.CreateDirectory(path);
            Repository.Init(path, isBare: true);
        }
        var repository = new Repository(path);
        var origin = repository.Network.Remotes[RemoteName];
        if (origin is null)
        {
            repository.Network.Remotes.Add(RemoteName, remote.CloneUrl);
        }
        else if (origin.Url != remote.CloneUrl)
        {
            repository.Network.Remotes.Update(RemoteName, r => r.Url = remote.CloneUrl);
        }
        return new AuditMirror(repository, remote, cancellationToken);
    }

    /// <summary>Fetches the branch; returns its tip, or null while the remote has no such branch.</summary>
    public Commit? Fetch()
    {
        var options = new FetchOptions
        {
            CredentialsProvider = credentials,
            TagFetchMode = TagFetchMode.None,
            OnTransferProgress = _ => !cancellationToken.IsCancellationRequested,
        };
        try
        {
            Commands.Fetch(repository, RemoteName, [$"+refs/heads/{remote.Branch}:{TrackingRef}"], options, logMessage: null);
        }
        catch (LibGit2SharpException e)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw Failure("fetching from", e);
        }
        return repository.Refs[TrackingRef]?.ResolveToDirectReference()?.Target as Commit;
    }

    /// <summary>Commits each record not yet at the tip, one commit each, in order, on top of <paramref name="tip"/>.</summary>
    public AuditChain Build(Commit? tip, IReadOnlyList<AuditRecord> records, Signature bot)
    {
        var tree = new RecordTreeBuilder(repository, tip?.Tree);
        var head = tip;
        var appends = new List<AuditAppend>(records.Count);
        foreach (var record in records)
        {
            var path = AuditPaths.For(record);
            var (pull, name) = (path.Split('/')[1], path.Split('/')[2]);
            var content = AuditJson.Write(record);
            if (tree.Find(pull, name) is { } existing)
            {
                appends.Add(new AuditAppend(record, path, AuditAppendStatus.AlreadyPresent, CommitId: null, ContentDiffers: !Holds(existing.Mode, existing.Id, content)));
                continue;
            }
            using var stream = new MemoryStream(content, writable: false);
            var next = tree.Add(pull, name, repository.ObjectDatabase.CreateBlob(stream).Id);
            head = repository.ObjectDatabase.CreateCommit(bot, bot, AuditCommitMessage.For(record), next, head is null ? [] : [head], prettifyMessage: false);
            appends.Add(new AuditAppend(record, path, AuditAppendStatus.Committed, head.Sha, ContentDiffers: false));
        }
        return new AuditChain(appends, head == tip ? null : head);
    }

    /// <summary>Pushes <paramref name="head"/> to the branch, never forced; returns why the remote rejected it, or null when it took it.</summary>
    public string? Push(Commit head)
    {
        repository.Refs.Add(OutgoingRef, head.Id, allowOverwrite: true);
        string? rejection = null;
        var options = new PushOptions
        {
            CredentialsProvider = credentials,
            OnPushStatusError = error => rejection = $"the remote refused {error.Reference}: {error.Message?.TrimEnd(' ', ':', '.')}",
            OnPushTransferProgress = (_, _, _) => !cancellationToken.IsCancellationRequested,
        };
        try
        {
            repository.Network.Push(repository.Network.Remotes[RemoteName], $"{OutgoingRef}:refs/heads/{remote.Branch}", options);
        }
        catch (NonFastForwardException)
        {
            return "the branch moved (not a fast-forward)";
        }
        catch (LockedFileException)
        {
            return "the branch is locked by another writer";
        }
        catch (LibGit2SharpException e)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw Failure("pushing to", e);
        }
        if (rejection is null) repository.Refs.Add(TrackingRef, head.Id, allowOverwrite: true);
        return rejection;
    }

    /// <summary>The records at the tip, and the files under audit/ that are not readable records.</summary>
    public AuditSnapshot Snapshot(Commit? tip) => AuditTree.Read(repository, tip);

    public void Dispose() => repository.Dispose();

    private bool Holds(Mode mode, ObjectId id, byte[] content)
    {
        if (mode != Mode.NonExecutableFile && mode != Mode.ExecutableFile || repository.Lookup<Blob>(id) is not { } blob || blob.Size != content.Length) return false;
        using var stream = blob.GetContentStream();
        using var copy = new MemoryStream(content.Length);
        stream.CopyTo(copy);
        return copy.GetBuffer().AsSpan(0, (int)copy.Length).SequenceEqual(content);
    }

    private AuditLogException Failure(string doing, LibGit2SharpException e)
    {
        var leaks = remote.Token is { Length: > 0 } token && e.Message.Contains(token, StringComparison.Ordinal)
            || remote.DisplayUrl != remote.CloneUrl && e.Message.Contains(remote.CloneUrl, StringComparison.Ordinal);
        var reason = leaks ? e.GetType().Name : e.Message;
        return new AuditLogException($"{doing} {remote.DisplayUrl} ({remote.Branch}) failed: {reason}", leaks ? null : e);
    }
}
