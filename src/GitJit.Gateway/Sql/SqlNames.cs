namespace GitJit.Gateway.Sql;

/// <summary>Names written back as a person would type them in SQL.</summary>
internal static class SqlNames
{
    /// <summary>The name as is when it needs no quotes (lower-case letters, digits, _ and $, not starting with a digit or $), else double-quoted.</summary>
    public static string Quote(string name) =>
        IsPlain(name) ? name : "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static bool IsPlain(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetterLower(name[0]) || name[0] == '_'))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '$'))
            {
                return false;
            }
        }
        return true;
    }
}
