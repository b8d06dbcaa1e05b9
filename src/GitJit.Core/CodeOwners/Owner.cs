using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace GitJit.Core.CodeOwners;

/// <summary>
/// One owner named on a CODEOWNERS line. <see cref="Name"/> is stored without the leading <c>@</c>:
/// <c>alice</c> for a user, <c>org/team</c> for a team, <c>dev@example.com</c> for an email address;
/// <see cref="ToString"/> gives the text as written in CODEOWNERS. The constructor refuses a name
/// that is not valid for its kind.
/// Equality ignores case, as GitHub does for logins, organization and team slugs, and email lookups.
/// </summary>
public sealed partial record Owner(OwnerKind Kind, string Name)
{
    public string Name { get; } = Validated(Kind, Name);

    /// <summary>
    /// Reads an owner as written in CODEOWNERS: <c>@login</c>, <c>@org/team</c> or an email address.
    /// Logins and slugs are letters, digits, <c>-</c> and <c>_</c> (the underscore appears in managed-user logins).
    /// </summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out Owner? owner)
    {
        ArgumentNullException.ThrowIfNull(text);
        var kind = KindOf(text);
        owner = kind switch
        {
            OwnerKind.User or OwnerKind.Team => new Owner(kind.Value, text[1..]),
            OwnerKind.Email => new Owner(kind.Value, text),
            _ => null,
        };
        return owner is not null;
    }

    public bool Equals(Owner? other) =>
        other is not null && Kind == other.Kind && StringComparer.OrdinalIgnoreCase.Equals(Name, other.Name);

    public override int GetHashCode() => HashCode.Combine(Kind, StringComparer.OrdinalIgnoreCase.GetHashCode(Name));

    public override string ToString() => Kind == OwnerKind.Email ? Name : "@" + Name;

    private static OwnerKind? KindOf(string text) =>
        UserPattern().IsMatch(text) ? OwnerKind.User
        : TeamPattern().IsMatch(text) ? OwnerKind.Team
        : EmailPattern().IsMatch(text) ? OwnerKind.Email
        : null;

    private static string Validated(OwnerKind kind, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var written = kind == OwnerKind.Email ? name : "@" + name;
        return KindOf(written) == kind
            ? name
            : throw new ArgumentException($"{Text.Quote(name)} is not a valid {kind} owner name", nameof(name));
    }

    [GeneratedRegex(@"\A@[A-Za-z0-9_][A-Za-z0-9_-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex UserPattern();

    [GeneratedRegex(@"\A@[A-Za-z0-9_][A-Za-z0-9_-]*/[A-Za-z0-9_][A-Za-z0-9_.-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex TeamPattern();

    [GeneratedRegex(@"\A[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\z", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();
}
