using System.Text.Json;
using GitJit.Server.Jobs;
using static GitJit.Server.Intake.PayloadFields;

namespace GitJit.Server.Intake;

/// <summary>
/// Reads a verified delivery's body into what GitJit should do. Only the fields GitJit uses are read, so a field GitHub
/// adds or changes elsewhere never makes a delivery unreadable; each one it uses must be there with its type, or the
/// reading is <see cref="WebhookReading.Malformed"/> with the field's path. Any JSON object of an event or action
/// GitJit does not act on is <see cref="WebhookReading.Ignore"/>d. Never throws on any body.
/// </summary>
public static class WebhookPayload
{
    /// <summary>Pull-request actions that can change a decision; <c>closed</c> (merged) is the merge.</summary>
    private static readonly HashSet<string> PullRequestActions = new(StringComparer.Ordinal) { "opened", "synchronize", "reopened", "edited", "ready_for_review" };
    private static readonly HashSet<string> ReviewActions = new(StringComparer.Ordinal) { "submitted", "edited", "dismissed" };

    public static WebhookReading Read(string eventName, ReadOnlyMemory<byte> body)
    {
        // JSON is UTF-8 (RFC 8259); the parser checks only what it decodes.
        if (!System.Text.Unicode.Utf8.IsValid(body.Span)) return new WebhookReading.Malformed("the body is not JSON (not valid UTF-8)");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return new WebhookReading.Malformed($"the body is not JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return new WebhookReading.Malformed("the body must be a JSON object");
            return eventName is "pull_request" or "pull_request_review" or "issue_comment"
                ? ReadActedOn(eventName, root)
                : new WebhookReading.Ignore($"GitJit does not act on {eventName} events");
        }
    }

    private static WebhookReading ReadActedOn(string eventName, JsonElement root)
    {
        if (Text(root, "action") is not { } action) return new WebhookReading.Malformed("action must be a string");
        var actedOn = eventName switch
        {
            "pull_request" => action == "closed" || PullRequestActions.Contains(action),
            "pull_request_review" => ReviewActions.Contains(action),
            _ => action == "created",
        };
        if (!actedOn) return new WebhookReading.Ignore($"GitJit does not act on {eventName} actions like this one");
        if (Find(root, "installation") is null)
        {
            return new WebhookReading.Ignore($"no installation in this {eventName} delivery: it came from a repository or organization webhook, not from the GitHub App", NotForTheApp: true);
        }
        if (Id(root, "installation.id") is not { } installation) return new WebhookReading.Malformed("installation.id must be a whole number from 1");
        if (Name(root, "repository.owner.login") is not { } owner) return new WebhookReading.Malformed("repository.owner.login must be a GitHub login");
        if (Name(root, "repository.name") is not { } repository) return new WebhookReading.Malformed("repository.name must be a repository name");
        return eventName == "issue_comment"
            ? Command(root, installation, owner, repository)
            : PullRequest(root, action, installation, owner, repository);
    }

    private static WebhookReading PullRequest(JsonElement root, string action, long installation, string owner, string repository)
    {
        if (!IsObject(root, "pull_request")) return new WebhookReading.Malformed("pull_request must be an object");
        if (Id(root, "pull_request.number", int.MaxValue) is not { } number) return new WebhookReading.Malformed("pull_request.number must be a whole number from 1 to 2147483647");
        if (action != "closed") return new WebhookReading.Act(new(WebhookWorkKind.Evaluate, installation, owner, repository, (int)number));
        return Boolean(root, "pull_request.merged") switch
        {
            true => new WebhookReading.Act(new(WebhookWorkKind.Merge, installation, owner, repository, (int)number)),
            false => new WebhookReading.Ignore("a pull request closed without merging"),
            null => new WebhookReading.Malformed("pull_request.merged must be true or false"),
        };
    }

    /// <summary>A new comment on a pull request whose first line is a <c>/gitjit</c> command, from a person.</summary>
    private static WebhookReading Command(JsonElement root, long installation, string owner, string repository)
    {
        if (!IsObject(root, "issue")) return new WebhookReading.Malformed("issue must be an object");
        if (Find(root, "issue.pull_request") is not { ValueKind: not JsonValueKind.Null } pullRequest) return new WebhookReading.Ignore("a comment on an issue, not on a pull request");
        if (pullRequest.ValueKind != JsonValueKind.Object) return new WebhookReading.Malformed("issue.pull_request must be an object");
        if (!IsObject(root, "comment.user")) return new WebhookReading.Malformed("comment.user must be an object");
        if (Text(root, "comment.user.type") is not { } type) return new WebhookReading.Malformed("comment.user.type must be a string");
        if (type != "User") return new WebhookReading.Ignore("a comment not written by a person");
        var body = Find(root, "comment.body");
        if (body is { ValueKind: not (JsonValueKind.String or JsonValueKind.Null) }) return new WebhookReading.Malformed("comment.body must be a string");
        if (PullRequestCommands.Parse(Text(root, "comment.body")) is not { } command) return new WebhookReading.Ignore("a comment that is not a /gitjit command");
        if (Name(root, "comment.user.login") is not { } login) return new WebhookReading.Malformed("comment.user.login must be a GitHub login");
        if (Id(root, "comment.user.id") is not { } userId) return new WebhookReading.Malformed("comment.user.id must be a whole number from 1");
        if (Id(root, "issue.number", int.MaxValue) is not { } number) return new WebhookReading.Malformed("issue.number must be a whole number from 1 to 2147483647");
        return new WebhookReading.Act(new WebhookWork(WebhookWorkKind.Command, installation, owner, repository, (int)number, command, login, userId, Id(root, "comment.id"))
        {
            Argument = PullRequestCommands.Argument(Text(root, "comment.body")),
        });
    }
}
