using GitJit.Gateway.Sql;

namespace GitJit.Gateway.Tests;

/// <summary>
/// One classifier for the tests that need no options of their own. Made on first use: when libpg_query is not
/// installed every test using it fails with the classifier's message (install libpg-query1504.0), none is skipped.
/// </summary>
internal static class Parser
{
    private static readonly Lazy<StatementClassifier> Instance = new(() => new StatementClassifier(), LazyThreadSafetyMode.ExecutionAndPublication);

    public static StatementClassifier Shared => Instance.Value;

    public static Task<Classification> ClassifyAsync(string sql) => Shared.ClassifyAsync(sql).AsTask();
}
