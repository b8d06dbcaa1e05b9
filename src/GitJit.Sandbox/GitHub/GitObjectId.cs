using System.Security.Cryptography;
using System.Text;

namespace GitJit.Sandbox.GitHub;

/// <summary>Git-style 40-hex object ids: blobs hashed as git hashes them, commits from their content.</summary>
internal static class GitObjectId
{
    public static string Blob(byte[] content)
    {
        var header = Encoding.ASCII.GetBytes($"blob {content.Length}\0");
        return Hash([.. header, .. content]);
    }

    public static string Commit(FakeTree tree, string? parent, long sequence)
    {
        var text = new StringBuilder();
        text.Append("parent ").Append(parent).Append('\n').Append("sequence ").Append(sequence).Append('\n');
        foreach (var entry in tree.Entries) text.Append(entry.Key).Append(' ').Append(entry.Value.Sha).Append('\n');
        return Hash(Encoding.UTF8.GetBytes(text.ToString()));
    }

#pragma warning disable CA5350 // git object ids are SHA-1 by definition
    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA1.HashData(bytes));
#pragma warning restore CA5350
}
