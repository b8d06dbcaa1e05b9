using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using GitJit.Core.Audit;
using GitJit.Core.Documents;
using GitJit.Core.Model;
using GitJit.Core.Rendering;
using GitJit.Core.Repository;
using GitJit.Core.Yaml;
using GitJit.GitHub;
using Octokit;

namespace GitJit.Server.Grants;

/// <summary>
/// <c>/gitjit extend</c> on a role that needs approval to extend: when <see cref="GrantExtender"/> judges that the
/// extension could be made now, the App opens a pull request into the default branch that adds an extension request
/// (<c>access-requests/&lt;resource&gt;/&lt;name&gt;-extend-&lt;n&gt;.yaml</c>, <c>extends: &lt;pull&gt;</c>, the
/// extension as its duration, the reason and ticket of the grant's request), from the branch
/// <c>gitjit/extend-&lt;pull&gt;-&lt;comment id&gt;</c>. That branch name makes a retry of the same comment find what
/// it already did — the branch, the file, the pull request — and open nothing twice. One extension request per grant
/// is open at a time. Merging it, approved, extends the grant (<see cref="ExtensionRequestMerge"/>).
/// </summary>
public sealed partial class ExtensionRequestOpener(GrantExtender extender, ILogger<ExtensionRequestOpener> logger)
{
    /// <summary>JSON strings are YAML double-quoted strings: no value can add a line or a field.</summary>
    private static readonly JsonSerializerOptions Quoted = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Opens (or finds) the extension request for the grant <paramref name="granted"/> records, by
    /// <paramref name="extension"/>, that <paramref name="by"/> (its requester; the caller checked) asked for in comment
    /// <paramref name="commentId"/>; what to reply.
    /// </summary>
    public async Task<string> OpenAsync(IGitHubClient client, AuditLocation location, AuditRecord granted, PolicyRole role, TimeSpan extension, string by, long commentId,
        string defaultBranch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(granted);
        ArgumentNullException.ThrowIfNull(role);
        var (owner, name, pull) = (location.Owner, location.Name, granted.PullRequest!.Value);
        var branch = BranchPrefix(pull) + commentId.ToString(CultureInfo.InvariantCulture);
        if (await FromBranchAsync(client, owner, name, branch).ConfigureAwait(false) is { } opened) return Opened(by, opened, extension, role);

        var judged = await extender.JudgeAsync(location, granted, new ExtensionLimit(role.Name, role.MaxDuration), extension, cancellationToken).ConfigureAwait(false);
        if (judged.Refusal is { } why) return $"@{by} {why}";
        var pending = (await client.PullRequest.GetAllForRepository(owner, name, new PullRequestRequest { State = ItemStateFilter.Open }).ConfigureAwait(false))
            // Only the App's own branches in this repository count: a fork's branch of that name blocks nothing.
            .FirstOrDefault(p => p.Head.Ref.StartsWith(BranchPrefix(pull), StringComparison.Ordinal)
                && string.Equals(p.Head.Repository?.FullName, $"{owner}/{name}", StringComparison.OrdinalIgnoreCase));
        if (pending is not null)
        {
            return $"@{by} extension request #{pending.Number} ({pending.HtmlUrl}) for this grant is still open; it can be approved and merged, or closed before asking again. Nothing was changed.";
        }

        var head = (await client.Repository.Commit.Get(owner, name, defaultBranch).ConfigureAwait(false)).Sha;
        var snapshot = new GitHubRepositorySnapshot(client, owner, name, head);
        var path = await PathAsync(snapshot, granted, cancellationToken).ConfigureAwait(false);
        var original = await OriginalAsync(client, location, granted, cancellationToken).ConfigureAwait(false);
        try
        {
            await client.Git.Reference.Create(owner, name, new NewReference("refs/heads/" + branch, head)).ConfigureAwait(false);
        }
        catch (ApiValidationException)
        {
            // "Reference already exists": an earlier attempt of this command made it, from the same head or an older one.
        }
        var content = Content(granted, pull, extension, original?.Reason, original?.Ticket);
        var found = await new GitHubRepositorySnapshot(client, owner, name, branch).ReadFileAsync(path, YamlLimits.Default.MaxBytes, cancellationToken).ConfigureAwait(false);
        if (found is not null && !found.Content.Span.SequenceEqual(System.Text.Encoding.UTF8.GetBytes(content)))
        {
            // Someone made the branch first (its name is guessable from the comment): the bot opens a pull request only
            // on a request it wrote itself, so that its title never vouches for someone else's content.
            return $"@{by} the branch {Markdown.Code(branch)} already holds an extension request GitJit did not write; nothing was opened. Delete the branch and ask again.";
        }
        if (found is null)
        {
            await client.Repository.Content.CreateFile(owner, name, path,
                new CreateFileRequest($"Extension request: #{pull} by {GrantDuration.Format(extension)} for @{granted.Requester}", content, branch)).ConfigureAwait(false);
        }
        var created = await client.PullRequest.Create(owner, name, new NewPullRequest($"Extend #{pull}: {granted.Requester} on {granted.Resource} ({granted.Role}) by {GrantDuration.Format(extension)}", branch, defaultBranch)
        {
            Body = $"@{granted.Requester} asked to extend the grant of #{pull} by {GrantDuration.Format(extension)} (the role {Markdown.Code(role.Name)} needs approval to extend). "
                + "Merging this pull request, approved by a code owner of the request as any request is (never the requester), moves that grant's end; "
                + "the same role, credentials and sessions go on. GitJit opened it; it grants nothing new.",
        }).ConfigureAwait(false);
        Log.ExtensionRequestOpened(logger, created.Number, granted.Request, by, extension);
        return Opened(by, created, extension, role);
    }

    /// <summary>The branch of every extension request of pull request <paramref name="pull"/>'s grant, but the comment id that asked.</summary>
    private static string BranchPrefix(int pull) => $"gitjit/extend-{pull.ToString(CultureInfo.InvariantCulture)}-";

    /// <summary>The pull request, open or not, that an earlier attempt opened from <paramref name="branch"/>; null when none did.</summary>
    private static async Task<PullRequest?> FromBranchAsync(IGitHubClient client, string owner, string name, string branch) =>
        (await client.PullRequest.GetAllForRepository(owner, name, new PullRequestRequest { State = ItemStateFilter.All, Head = $"{owner}:{branch}" }).ConfigureAwait(false))
            .FirstOrDefault(p => string.Equals(p.Head.Ref, branch, StringComparison.Ordinal));

    private static string Opened(string by, PullRequest opened, TimeSpan extension, PolicyRole role) =>
        $"@{by} the role {Markdown.Code(role.Name)} needs approval to extend, so GitJit opened extension request #{opened.Number.ToString(CultureInfo.InvariantCulture)} ({opened.HtmlUrl}) "
        + $"asking for {GrantDuration.Format(extension)} more. Once a code owner approves it and it is merged, this grant's end moves: same role, same credentials, open sessions go on.";

    /// <summary>
    /// Where the extension request goes: beside the grant's request, named after it, <c>-extend-&lt;n&gt;</c> with the next n
    /// of the default branch (one extension request is open at a time, so n is not taken by another pending one).
    /// </summary>
    private static async Task<string> PathAsync(GitHubRepositorySnapshot defaultBranch, AuditRecord granted, CancellationToken cancellationToken)
    {
        var folder = $"{AccessRepository.RequestsDirectory}/{granted.Resource}";
        var stem = Path.GetFileNameWithoutExtension(granted.RequestPath ?? granted.Requester ?? "request");
        // Request file names have at most 100 characters: room for "-extend-" and nine digits.
        stem = stem.Length > 75 ? stem[..75] : stem;
        var taken = (await defaultBranch.ListFilesAsync(folder, cancellationToken).ConfigureAwait(false))
            .Select(f => Path.GetFileName(f))
            .Where(f => f.StartsWith(stem + "-extend-", StringComparison.Ordinal))
            .Select(f => Numbered().Match(f[(stem.Length + "-extend-".Length)..]))
            .Where(m => m.Success && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .Select(m => int.Parse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0).Max();
        return $"{folder}/{stem}-extend-{(taken + 1).ToString(CultureInfo.InvariantCulture)}.yaml";
    }

    /// <summary>The grant's request as merged (for its reason and ticket); null when it cannot be read.</summary>
    private static async Task<AccessRequest?> OriginalAsync(IGitHubClient client, AuditLocation location, AuditRecord granted, CancellationToken cancellationToken)
    {
        if (granted is not { MergeCommit: { } merged, RequestPath: { } path }) return null;
        var snapshot = new GitHubRepositorySnapshot(client, location.Owner, location.Name, merged);
        if (await snapshot.ReadFileAsync(path, YamlLimits.Default.MaxBytes, cancellationToken).ConfigureAwait(false) is not { IsSymbolicLink: false } file) return null;
        var rules = await AccessRepository.OpenAsync(snapshot, cancellationToken).ConfigureAwait(false);
        return RequestDocument.Read(path, file.Content.Span, rules.RequestSchema).Request;
    }

    /// <summary>The extension request's YAML: every text value double-quoted, the reason the original's behind "extends #n: ", cut to the 500 characters a reason may have.</summary>
    internal static string Content(AuditRecord granted, int pull, TimeSpan extension, string? reason, string? ticket)
    {
        var prefix = $"extends #{pull.ToString(CultureInfo.InvariantCulture)}: ";
        var text = prefix + (reason ?? "more time for the same work");
        if (text.Length > 500) text = text[..(char.IsHighSurrogate(text[499]) ? 499 : 500)];
        var yaml = new StringBuilder("# yaml-language-server: $schema=../../schemas/access-request.schema.json\n");
        void Field(string key, string value) => yaml.Append(key).Append(": ").Append(JsonSerializer.Serialize(value, Quoted)).Append('\n');
        Field("requester", granted.Requester!);
        Field("resource", granted.Resource!);
        Field("role", granted.Role!);
        Field("duration", GrantDuration.Format(extension));
        Field("reason", text);
        if (ticket is not null) Field("ticket", ticket);
        yaml.Append("extends: ").Append(pull.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return yaml.ToString();
    }

    [GeneratedRegex(@"^([0-9]{1,9})\.ya?ml$", RegexOptions.CultureInvariant)]
    private static partial Regex Numbered();
}
