namespace GitJit.Core.Model;

/// <summary>Who a policy lets request: a GitHub user (<c>alice</c>, <c>@alice</c>) or a team (<c>@org/team</c>).</summary>
public sealed record Principal(bool IsTeam, string Name)
{
    /// <summary>Reads <c>alice</c>, <c>@alice</c> or <c>@org/team</c>.</summary>
    public static Principal Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var name = text.TrimStart('@');
        return new Principal(name.Contains('/', StringComparison.Ordinal), name);
    }

    public override string ToString() => "@" + Name;
}
