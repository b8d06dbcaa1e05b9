using System.Diagnostics.CodeAnalysis;

namespace GitJit.Core.CodeOwners;

/// <summary>
/// One owner named on a CODEOWNERS line. <see cref="Name"/> is stored without the leading <c>@</c>:
/// <c>alice</c> for a user, <c>org/team</c> for a team, <c>dev@example.com</c> for an email address;
/// <see cref="ToString"/> gives the text as written in CODEOWNERS. The constructor refuses a name
/// that is not valid for its kind.
/// Equality ignores case, as GitHub does for logins, organization and team slugs, and email lookups.
/// </summary>
public sealed record Owner(OwnerKind Kind, string Name)
{
    public string Name { get; } = Validated(Kind, Name);

    /// <summary>
    /// Reads an owner as written in CODEOWNERS: <c>@login</c>, <c>@org/team</c> or an email address.
    /// Logins, organizations and slugs are letters, digits, <c>-</c> and <c>_</c> (managed users' logins have an
    /// underscore), and slugs may contain dots; whether the account or team exists is not checked here.
    /// </summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out Owner? owner)
    {
        ArgumentNullException.ThrowIfNull(text);
        var kind = OwnerSyntax.KindOf(text);
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

    private static string Validated(OwnerKind kind, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var written = kind == OwnerKind.Email ? name : "@" + name;
        return OwnerSyntax.KindOf(written) == kind
            ? name
            : throw new ArgumentException($"{Text.Quote(name)} is not a valid {kind} owner name", nameof(name));
    }
}
