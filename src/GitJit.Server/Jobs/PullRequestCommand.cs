namespace GitJit.Server.Jobs;

/// <summary>A <c>/gitjit …</c> command written in a pull-request comment.</summary>
public enum PullRequestCommand
{
    Help,
    Plan,
    Revoke,
    Extend,
    Unknown,
}

/// <summary>
/// Recognises commands: the comment's first line, <c>/gitjit</c>, one word and what follows it (the argument, as in
/// <c>/gitjit extend 1h</c>); anything else is not a command.
/// </summary>
public static class PullRequestCommands
{
    /// <summary>The longest argument kept; a longer one is cut here, and the command refuses what is left as it would any bad one.</summary>
    public const int MaxArgumentLength = 100;

    public static PullRequestCommand? Parse(string? body)
    {
        var words = Words(body);
        if (words.Length == 0 || !string.Equals(words[0], "/gitjit", StringComparison.OrdinalIgnoreCase)) return null;
        return words.Length < 2 ? PullRequestCommand.Help : words[1].ToLowerInvariant() switch
        {
            "help" => PullRequestCommand.Help,
            "plan" => PullRequestCommand.Plan,
            "revoke" => PullRequestCommand.Revoke,
            "extend" => PullRequestCommand.Extend,
            _ => PullRequestCommand.Unknown,
        };
    }

    /// <summary>What follows the command's word on its line (words joined by one space, at most <see cref="MaxArgumentLength"/> characters); null when nothing does, or the comment is no command.</summary>
    public static string? Argument(string? body)
    {
        if (Parse(body) is null) return null;
        var words = Words(body);
        if (words.Length < 3) return null;
        var argument = string.Join(' ', words[2..]);
        return argument.Length <= MaxArgumentLength ? argument : argument[..MaxArgumentLength];
    }

    private static string[] Words(string? body) =>
        (body ?? "").TrimStart().Split('\n', 2)[0].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public const string Help = """
        **GitJit commands** (write one as the first line of a comment on an access pull request):

        | command | what it does |
        | --- | --- |
        | `/gitjit plan` | evaluates the pull request again and refreshes the check and the plan comment |
        | `/gitjit revoke` | ends the merged grant now, or cancels one scheduled for a later start (the requester, an approver or an admin) |
        | `/gitjit extend 30m` | extends the active grant by that long, sessions untouched (the requester, up to the role's `maxDuration` in all): in place when the role allows it without approval, else GitJit opens an extension request to approve and merge |
        | `/gitjit help` | shows this list |
        """;
}
