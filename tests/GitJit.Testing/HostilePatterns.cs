using System.Text.Json.Nodes;

namespace GitJit.Testing;

/// <summary>
/// Regular expressions that backtrack catastrophically, and the shipped request schema carrying one of them, for tests
/// that a pattern from an access repository cannot stall a reader.
/// </summary>
public static class HostilePatterns
{
    /// <summary>Exponential for a backtracking engine on <see cref="LongValue"/>; a linear engine answers at once.</summary>
    public const string Exponential = "^(a|aa)+$";

    /// <summary><see cref="Exponential"/> behind a lookahead, which only the backtracking engine runs: only a deadline bounds it.</summary>
    public const string ExponentialWithLookahead = "^(?=a)(a|aa)+$";

    /// <summary>'aaa…ab': the value that makes <see cref="Exponential"/> try every way to split the a's (fits a reason's 500 characters).</summary>
    public static string LongValue { get; } = new string('a', 120) + "b";

    /// <summary>The shipped request schema with <paramref name="field"/>'s pattern replaced by <paramref name="pattern"/>.</summary>
    public static string RequestSchemaWith(string field, string pattern)
    {
        var schema = JsonNode.Parse(ProjectFiles.Read("schemas/access-request.schema.json"))!;
        schema["properties"]![field]!["pattern"] = pattern;
        return schema.ToJsonString();
    }
}
