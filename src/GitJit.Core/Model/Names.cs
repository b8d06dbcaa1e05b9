using System.Text.RegularExpressions;

namespace GitJit.Core.Model;

/// <summary>
/// The shapes of names that reach file paths, SQL identifiers and comments. The schemas say the same; these checks
/// hold even when a base branch's schema is looser.
/// </summary>
public static partial class Names
{
    /// <summary>A GitHub login: letters, digits and single inner hyphens, at most 39 characters.</summary>
    public static bool IsLogin(string? text) => text is { Length: > 0 and <= 39 } && Login().IsMatch(text);

    /// <summary>A resource or role name: lower-case letters, digits and inner hyphens, at most 63 characters.</summary>
    public static bool IsSlug(string? text) => text is { Length: > 0 and <= 63 } && Slug().IsMatch(text);

    [GeneratedRegex("^[A-Za-z0-9](?:-?[A-Za-z0-9])*$", RegexOptions.CultureInvariant)]
    private static partial Regex Login();

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Slug();
}
