using Hangfire.Common;

namespace GitJit.Server.Jobs;

/// <summary>
/// Resolves the type names Hangfire stored with each job. The pull-request jobs and their command argument were in the
/// namespace <c>GitJit.Server</c> until the server was laid out in folders; jobs queued, scheduled or awaiting a retry
/// from then still name them so, and load as the types they became. Every other name resolves as Hangfire's default.
/// </summary>
internal static class JobTypeResolver
{
    private static readonly (string Before, string After)[] Moved =
        [.. new[] { typeof(PullRequestJob), typeof(MergeJob), typeof(CommentCommandJob), typeof(PullRequestCommand) }
            .Select(t => ($"GitJit.Server.{t.Name}, GitJit.Server", $"{t.FullName}, GitJit.Server"))];

    public static Type Resolve(string typeName) => TypeHelper.DefaultTypeResolver(Current(typeName));

    /// <summary><paramref name="typeName"/> with the names of moved types replaced by their current ones.</summary>
    internal static string Current(string typeName)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        foreach (var (before, after) in Moved) typeName = typeName.Replace(before, after, StringComparison.Ordinal);
        return typeName;
    }
}
