namespace GitJit.Core.CodeOwners;

/// <summary>The three ways GitHub lets a CODEOWNERS line name an owner.</summary>
public enum OwnerKind
{
    /// <summary><c>@login</c>: a GitHub user.</summary>
    User,

    /// <summary><c>@org/team-slug</c>: a team of an organization.</summary>
    Team,

    /// <summary><c>someone@example.com</c>: the GitHub account that has verified this address.</summary>
    Email,
}
