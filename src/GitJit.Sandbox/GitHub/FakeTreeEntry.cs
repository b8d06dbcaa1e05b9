namespace GitJit.Sandbox.GitHub;

/// <summary>One file in a commit's tree: its bytes, or, for a symbolic link, the link's target as bytes.</summary>
public sealed class FakeTreeEntry
{
    internal FakeTreeEntry(byte[] content, bool isSymbolicLink)
    {
        Content = content;
        IsSymbolicLink = isSymbolicLink;
        Sha = GitObjectId.Blob(content);
    }

    public ReadOnlyMemory<byte> Content { get; }

    public bool IsSymbolicLink { get; }

    /// <summary>The git blob id of <see cref="Content"/>.</summary>
    public string Sha { get; }
}
