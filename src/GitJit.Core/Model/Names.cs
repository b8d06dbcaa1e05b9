using System.Text.RegularExpressions;

namespace GitJit.Core.Model;

/// <summary>
/// The shapes of names that reach file paths, SQL identifiers and comments. The schemas say the same, but a base
/// branch's schema may be looser, and .NET's <c>$</c> (unlike JSON Schema's) also matches before a final newline:
/// these checks end at <c>\z</c> and hold whatever the schema says.
/// </summary>
public static partial class Names
{
    /// <summary>A GitHub login: letters, digits and single inner hyphens, at most 39 characters.</summary>
    public static bool IsLogin(string? text) => text is { Length: > 0 and <= 39 } && Login().IsMatch(text);

    /// <summary>A resource or role name: lower-case letters, digits and inner hyphens, at most 63 characters.</summary>
    public static bool IsSlug(string? text) => text is { Length: > 0 and <= 63 } && Slug().IsMatch(text);

    /// <summary>A PostgreSQL identifier GitJit accepts unquoted in files (it always quotes in SQL).</summary>
    public static bool IsIdentifier(string? text) => text is not null && Identifier().IsMatch(text);

    /// <summary>A schema-qualified table, <c>schema.table</c>.</summary>
    public static bool IsTable(string? text) => text is not null && Table().IsMatch(text);

    /// <summary>A ticket id: letters, digits and <c>. _ # / -</c>, at most 64 characters.</summary>
    public static bool IsTicket(string? text) => text is not null && Ticket().IsMatch(text);

    /// <summary>A requester principal: <c>alice</c>, <c>@alice</c> or <c>@org/team</c>.</summary>
    public static bool IsPrincipal(string? text) => text is { Length: > 0 and <= 100 } && Principal().IsMatch(text);

    /// <summary>A connection name from the bot's configuration.</summary>
    public static bool IsConnection(string? text) => text is not null && Connection().IsMatch(text);

    [GeneratedRegex(@"^[A-Za-z0-9](?:-?[A-Za-z0-9])*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Login();

    [GeneratedRegex(@"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Slug();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_$]{0,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_$]{0,62}\.[A-Za-z_][A-Za-z0-9_$]{0,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Table();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._#/-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Ticket();

    [GeneratedRegex(@"^@?[A-Za-z0-9](?:-?[A-Za-z0-9])*(?:/[A-Za-z0-9][A-Za-z0-9._-]*)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Principal();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Connection();
}
