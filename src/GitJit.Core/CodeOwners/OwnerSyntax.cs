namespace GitJit.Core.CodeOwners;

/// <summary>
/// The shapes of owner GitHub accepts in CODEOWNERS, checked by hand (this runs for every owner of every line).
/// Logins and organizations: letters, digits, <c>-</c> and <c>_</c> (managed users' logins have an underscore),
/// not starting with <c>-</c>. Team slugs may also contain dots. Email addresses: a local part of letters, digits
/// and <c>._%+'-</c>, then a domain of at least two labels whose last is two or more letters.
/// </summary>
internal static class OwnerSyntax
{
    public static OwnerKind? KindOf(ReadOnlySpan<char> written)
    {
        if (written.StartsWith('@'))
        {
            var name = written[1..];
            var slash = name.IndexOf('/');
            if (slash < 0) return IsName(name, allowDots: false) ? OwnerKind.User : null;
            return IsName(name[..slash], allowDots: false) && IsName(name[(slash + 1)..], allowDots: true) ? OwnerKind.Team : null;
        }
        return IsEmail(written) ? OwnerKind.Email : null;
    }

    private static bool IsName(ReadOnlySpan<char> name, bool allowDots)
    {
        if (name.IsEmpty || name[0] == '-' || name[0] == '.') return false;
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || (allowDots && c == '.'))) return false;
        }
        return true;
    }

    private static bool IsEmail(ReadOnlySpan<char> written)
    {
        var at = written.IndexOf('@');
        if (at <= 0) return false;
        foreach (var c in written[..at])
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '\'' or '-')) return false;
        }

        var domain = written[(at + 1)..];
        var lastDot = domain.LastIndexOf('.');
        if (lastDot <= 0) return false;
        var topLevel = domain[(lastDot + 1)..];
        if (topLevel.Length < 2 || topLevel.ContainsAnyExcept(AsciiLetters)) return false;
        foreach (var label in domain[..lastDot].Split('.'))
        {
            var text = domain[..lastDot][label];
            if (text.IsEmpty || text.ContainsAnyExcept(LabelCharacters)) return false;
        }
        return true;
    }

    private static readonly System.Buffers.SearchValues<char> AsciiLetters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static readonly System.Buffers.SearchValues<char> LabelCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-");
}
