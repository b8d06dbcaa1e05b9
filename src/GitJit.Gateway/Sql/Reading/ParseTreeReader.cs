using System.Text;

namespace GitJit.Gateway.Sql.Reading;

/// <summary>libpg_query's JSON parse tree of a whole query string, read into its statements.</summary>
internal static class ParseTreeReader
{
    /// <param name="json">The parse tree.</param>
    /// <param name="input">The NUL-terminated UTF-8 text it was parsed from (statement offsets are in its bytes).</param>
    public static IReadOnlyList<ClassifiedStatement> Read(byte[] json, byte[] input)
    {
        var tree = JsonTree.Parse(json);
        var statements = new List<ClassifiedStatement>();
        var textBytes = input.Length - 1;
        var (atByte, atChar) = (0, 0);
        foreach (var raw in Json.Items(tree.Root, "stmts"))
        {
            var location = Json.Int(raw, "stmt_location");
            var length = Json.Int(raw, "stmt_len");
            var end = length == 0 ? textBytes : location + length;
            atChar += Encoding.UTF8.GetCharCount(input, atByte, location - atByte);
            var start = atChar;
            var chars = Encoding.UTF8.GetCharCount(input, location, end - location);
            (atByte, atChar) = (end, start + chars);
            statements.Add(StatementWalk.Read(raw["stmt"], statements.Count, start, chars));
        }
        return statements;
    }
}
