namespace GitJit.Gateway.Sql.Reading;

/// <summary>
/// Reading libpg_query's JSON, which leaves out every field at its default: a missing boolean is false, a missing
/// number 0, a missing string or node null.
/// </summary>
internal static class Json
{
    public static string? String(TreeNode node, string field) => node[field].Text;

    public static bool Bool(TreeNode node, string field) => node[field].IsTrue;

    public static int Int(TreeNode node, string field) => node[field].Integer ?? 0;

    public static bool Has(TreeNode node, string field) => node[field].Exists;

    public static IEnumerable<TreeNode> Items(TreeNode node, string field) => node[field].Items;

    /// <summary>A wrapped node, <c>{"Type": {…}}</c>: its type and body; null type when it is none.</summary>
    public static (string? Type, TreeNode Body) Unwrap(TreeNode wrapper)
    {
        foreach (var (name, value) in wrapper.Members)
        {
            return IsNodeType(name) && value.IsObject ? (name, value) : (null, wrapper);
        }
        return (null, wrapper);
    }

    /// <summary>Node types start with a capital letter (<c>SelectStmt</c>, <c>A_Expr</c>); fields never do.</summary>
    public static bool IsNodeType(string name) => name.Length > 0 && char.IsAsciiLetterUpper(name[0]);

    /// <summary>The text of a <c>String</c> node (<c>{"String": {"sval": …}}</c>), or null.</summary>
    public static string? StringNode(TreeNode wrapper) =>
        Unwrap(wrapper) is ("String", var body) ? String(body, "sval") ?? "" : null;

    /// <summary>An <c>A_Const</c>'s text (<c>{"A_Const": {"sval": {"sval": …}}}</c>), or null when it is no string constant.</summary>
    public static string? StringConstant(TreeNode wrapper) =>
        Unwrap(wrapper) is ("A_Const", var body) && body["sval"].Exists ? String(body["sval"], "sval") ?? "" : null;

    /// <summary>An <c>A_Const</c>'s integer (<c>{"A_Const": {"ival": {"ival": …}}}</c>), or null when it is no integer constant.</summary>
    public static int? IntegerConstant(TreeNode wrapper) =>
        Unwrap(wrapper) is ("A_Const", var body) && body["ival"].Exists ? Int(body["ival"], "ival") : null;

    /// <summary>An <c>A_Const</c>'s boolean, or null when it is no boolean constant.</summary>
    public static bool? BooleanConstant(TreeNode wrapper) =>
        Unwrap(wrapper) is ("A_Const", var body) && body["boolval"].Exists ? Bool(body["boolval"], "boolval") : null;
}
