namespace GitJit.Server.Jobs;

/// <summary>A <c>/gitjit …</c> command written in a pull-request comment.</summary>
public enum PullRequestCommand
{
    Help,
    Plan,
    Revoke,
    Unknown,
}

/// <summary>Recognises commands: the comment's first line, <c>/gitjit</c> and one word; anything else is not a command.</summary>
public static class PullRequestCommands
{
    public static PullRequestCommand? Parse(string? body)
    {
        var firstLine = (body ?? "").TrimStart().Split('\n', 2)[0].Trim();
        var words = firstLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || !string.Equals(words[0], "/gitjit", StringComparison.OrdinalIgnoreCase)) return null;
        return words.Length < 2 ? PullRequestCommand.Help : words[1].ToLowerInvariant() switch
        {
            "help" => PullRequestCommand.Help,
            "plan" => PullRequestCommand.Plan,
            "revoke" => PullRequestCommand.Revoke,
            _ => PullRequestCommand.Unknown,
        };
    }

    public const string Help = """
        **GitJit commands** (write one as the first line of a comment on an access pull request):

        | command | what it does |
        | --- | --- |
        | `/gitjit plan` | evaluates the pull request again and refreshes the check and the plan comment |
        | `/gitjit revoke` | ends the merged grant now (the requester, an approver or an admin) |
        | `/gitjit help` | shows this list |
        """;
}
