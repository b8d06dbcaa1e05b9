using System.Globalization;

namespace GitJit.Sandbox.GitHub.Pages;

/// <summary>
/// A pull request as GitHub shows it: state, files changed, the check runs on its head (conclusion, title, summary,
/// annotations), the conversation (comments and reviews, shown as preformatted, encoded text), and the forms to act on it.
/// </summary>
internal static class PullRequestPage
{
    public static string StateOf(FakePullRequest pullRequest) => pullRequest.IsMerged ? "merged" : pullRequest.IsOpen ? "open" : "closed";

    public static void Write(HtmlPage page, FakeGitHubState state, FakePullRequest pullRequest, string? problem)
    {
        var repository = pullRequest.Repository;
        var url = $"/{repository.FullName}/pull/{pullRequest.Number}";
        page.Markup("<p>").Link("/" + repository.FullName, repository.FullName).Markup(" · <strong>").Text(StateOf(pullRequest)).Markup("</strong> · ")
            .Text($"{pullRequest.Author} wants to merge {pullRequest.HeadRef} into {pullRequest.BaseRef} · head ")
            .Markup("<code>").Text(pullRequest.HeadSha[..7]).Markup("</code>");
        if (pullRequest.MergeCommitSha is { } merged) page.Text(" · merge commit ").Markup("<code>").Text(merged[..7]).Markup("</code>");
        page.Markup("</p>");
        if (problem is not null) page.Markup("<p class=\"alert\" role=\"alert\">").Text(problem).Markup("</p>");
        if (!string.IsNullOrEmpty(pullRequest.Body)) page.PreWithLinks(pullRequest.Body);

        WriteChecks(page, state, pullRequest);
        WriteFiles(page, pullRequest);
        WriteConversation(page, pullRequest);
        if (page.Visitor.IsSignedIn) WriteForms(page, pullRequest, url);
        else page.Markup("<p class=\"muted\">Act as a person on the <a href=\"/\">home page</a> to review, comment or merge.</p>");
    }

    private static void WriteChecks(HtmlPage page, FakeGitHubState state, FakePullRequest pullRequest)
    {
        page.Markup("<h2>Checks</h2>");
        var runs = state.CheckRuns.Where(c => c.Repository == pullRequest.Repository && string.Equals(c.HeadSha, pullRequest.HeadSha, StringComparison.OrdinalIgnoreCase)).ToList();
        if (runs.Count == 0) page.Markup("<p class=\"muted\">No check runs on the head commit yet.</p>");
        foreach (var run in runs)
        {
            var outcome = run.Conclusion ?? run.Status;
            var css = run.Conclusion switch { "success" => "success", "failure" or "action_required" or "cancelled" or "timed_out" => "failure", _ => "neutral" };
            page.Markup("<div class=\"box check\"><p><strong>").Text(run.Name).Markup("</strong> ").Element("span", outcome, css);
            if (run.Title is not null) page.Text(" — " + run.Title);
            if (Uri.TryCreate(run.DetailsUrl, UriKind.Absolute, out var details) && (details.Scheme == Uri.UriSchemeHttp || details.Scheme == Uri.UriSchemeHttps))
            {
                page.Markup(" · ").Link(details.AbsoluteUri, "Details");
            }
            page.Markup("</p>");
            if (run.Summary is not null) page.PreWithLinks(run.Summary);
            if (run.Text is not null) page.PreWithLinks(run.Text);
            if (run.Annotations.Count > 0)
            {
                page.Markup("<ul class=\"annotations\">");
                foreach (var annotation in run.Annotations)
                {
                    page.Markup("<li><code>").Text($"{annotation.Path}:{annotation.StartLine.ToString(CultureInfo.InvariantCulture)}").Markup("</code> ")
                        .Text($"{annotation.AnnotationLevel}: {annotation.Title}{(annotation.Title is null ? "" : " — ")}{annotation.Message}").Markup("</li>");
                }
                page.Markup("</ul>");
            }
            page.Markup("</div>");
        }
    }

    private static void WriteFiles(HtmlPage page, FakePullRequest pullRequest)
    {
        var repository = pullRequest.Repository;
        var head = repository.RequireCommit(pullRequest.HeadSha);
        var files = PullRequestDiff.Files(repository, repository.RequireCommit(pullRequest.BaseSha), head, pullRequest.HeadSha);
        page.Markup("<h2>Files changed</h2>");
        foreach (var file in files)
        {
            page.Markup("<details open><summary><code>").Text(file.Filename).Markup("</code> ")
                .Text($"{file.Status}, +{file.Additions.ToString(CultureInfo.InvariantCulture)} −{file.Deletions.ToString(CultureInfo.InvariantCulture)}").Markup("</summary>");
            if (head.Entries.TryGetValue(file.Filename, out var entry)) page.Pre(RepositoryPage.Display(entry));
            page.Markup("</details>");
        }
    }

    private static void WriteConversation(HtmlPage page, FakePullRequest pullRequest)
    {
        page.Markup("<h2>Conversation</h2>");
        var items = pullRequest.Repository.Comments(pullRequest.Number).Select(c => (c.CreatedAt, Kind: "comment", Who: c.Author, What: "commented", c.Body))
            .Concat(pullRequest.ReviewsUnlocked.Select(r => (CreatedAt: r.SubmittedAt, Kind: "review", Who: r.Reviewer, What: Verb(r.State), r.Body)))
            .Concat(pullRequest.EventsUnlocked.Select(e => (e.CreatedAt, Kind: "event", Who: e.Actor, What: e.Event, Body: "")))
            .OrderBy(i => i.CreatedAt);
        foreach (var item in items)
        {
            page.Markup($"<div class=\"box {item.Kind}\"><p><strong>").Text(item.Who).Markup("</strong> ").Text(item.What)
                .Markup(" <span class=\"muted\">").Text(item.CreatedAt.ToString("u", CultureInfo.InvariantCulture)).Markup("</span></p>");
            if (!string.IsNullOrEmpty(item.Body)) page.PreWithLinks(item.Body);
            page.Markup("</div>");
        }
    }

    private static string Verb(string state) => state switch
    {
        "APPROVED" => "approved these changes",
        "CHANGES_REQUESTED" => "requested changes",
        "DISMISSED" => "reviewed (dismissed)",
        _ => "reviewed",
    };

    private static void WriteForms(HtmlPage page, FakePullRequest pullRequest, string url)
    {
        var open = pullRequest.IsOpen;
        page.Markup("<h2>Comment</h2>").Form(url + "/comment").TextArea("body", "Comment (e.g. /gitjit revoke, /gitjit extend 30m)", required: true).Button("Comment").EndForm();

        page.Markup("<h2>Review</h2>").Form(url + "/review").TextArea("review_body", "Review comment (needed to request changes or comment)")
            .Button("Approve", "verdict", "approve", !open).Button("Request changes", "verdict", "request_changes", !open).Button("Comment", "verdict", "comment", !open).EndForm();

        page.Markup("<h2>Merge</h2>").Form(url + "/merge", "inline").Button("Merge pull request", disabled: !open).EndForm();
        if (open) page.Form(url + "/close", "inline").Button("Close pull request").EndForm();
        else if (!pullRequest.IsMerged) page.Form(url + "/reopen", "inline").Button("Reopen pull request").EndForm();

        if (!open) return;
        var path = FirstFile(pullRequest);
        var current = path is not null && pullRequest.Repository.RequireCommit(pullRequest.HeadSha).Entries.TryGetValue(path, out var entry) ? RepositoryPage.Display(entry) : null;
        page.Markup("<h2>Push a change to ").Text(pullRequest.HeadRef).Markup("</h2>").Form(url + "/push")
            .Field("path", "File path", path, required: true)
            .TextArea("content", "New content of the file", current, rows: 12)
            .Field("message", "Commit message", hint: "(optional)")
            .Button("Commit changes").EndForm();
    }

    private static string? FirstFile(FakePullRequest pullRequest)
    {
        var repository = pullRequest.Repository;
        var files = PullRequestDiff.Files(repository, repository.RequireCommit(pullRequest.BaseSha), repository.RequireCommit(pullRequest.HeadSha), pullRequest.HeadSha);
        return files.Count > 0 ? files[0].Filename : null;
    }
}
