namespace GitJit.Core.Repository;

/// <summary>Checks on paths that come from a pull request or a file listing, before they are used.</summary>
public static class RepositoryPath
{
    public const int MaxLength = 1024;

    /// <summary>
    /// True for a plain relative path: <c>/</c>-separated, no empty, <c>.</c> or <c>..</c> segments, no backslash,
    /// no control or format characters, at most <see cref="MaxLength"/> characters.
    /// </summary>
    public static bool IsSafe(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length is 0 or > MaxLength || path.Contains('\\', StringComparison.Ordinal)) return false;
        foreach (var c in path)
        {
            if (char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format) return false;
        }
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or "." or "..") return false;
        }
        return true;
    }
}
