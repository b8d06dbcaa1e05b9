using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GitJit.Sandbox.GitHub.Pages;

/// <summary>
/// The pages where a browser acts as any person, at github.com's own web paths so the html_url links the stand-in emits
/// resolve: <c>/</c> (people and repositories), <c>/{owner}/{repo}</c>, <c>/{owner}/{repo}/blob/{ref}/{path}</c>,
/// <c>/{owner}/{repo}/request-access</c>, <c>/{owner}/{repo}/pull/{number}</c>; sign-in under <c>/sandbox/</c>. A POST is
/// refused (redirect to <c>/</c>) unless it comes from these pages with the signed-in person's form token.
/// </summary>
internal static class SandboxPages
{
    public static void Map(IEndpointRouteBuilder web, FakeGitHubState state)
    {
        var sessions = new PageSessions(state);
        var people = new PeopleActions(state);

        web.MapGet("/", (HttpContext context) =>
        {
            var page = new HtmlPage(sessions.Visitor(context));
            lock (state.Gate) HomePage.Write(page, state);
            return page.Render("People and repositories");
        });

        web.MapPost("/sandbox/act-as", async (HttpContext context) =>
        {
            if (!PageSessions.IsSameOrigin(context) || !context.Request.HasFormContentType) return Home();
            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            var login = form["login"].ToString();
            bool known;
            lock (state.Gate) known = HomePage.People(state).Contains(login, StringComparer.OrdinalIgnoreCase);
            if (!known) return Home();
            sessions.SignIn(context, login);
            return Home();
        });

        web.MapPost("/sandbox/sign-out", async (HttpContext context) =>
        {
            if (!context.Request.HasFormContentType) return Home();
            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            if (sessions.Authorize(context, form) is not null) sessions.SignOut(context);
            return Home();
        });

        web.MapGet("/{owner}/{repo}", (string owner, string repo, HttpContext context) =>
        {
            var page = new HtmlPage(sessions.Visitor(context));
            lock (state.Gate)
            {
                if (state.FindRepository(owner, repo) is not { } repository) return NotFound(page);
                RepositoryPage.Write(page, state, repository);
                return page.Render(repository.FullName);
            }
        });

        web.MapGet("/{owner}/{repo}/blob/{reference}/{**path}", (string owner, string repo, string reference, string path, HttpContext context) =>
        {
            var page = new HtmlPage(sessions.Visitor(context));
            lock (state.Gate)
            {
                if (state.FindRepository(owner, repo) is not { } repository) return NotFound(page);
                var file = Uri.UnescapeDataString(path);
                RepositoryPage.WriteFile(page, repository, Uri.UnescapeDataString(reference), file);
                return page.Render(file);
            }
        });

        web.MapGet("/{owner}/{repo}/request-access", (string owner, string repo, HttpContext context) =>
        {
            var page = new HtmlPage(sessions.Visitor(context));
            if (!page.Visitor.IsSignedIn) return Home();
            lock (state.Gate)
            {
                if (state.FindRepository(owner, repo) is not { } repository) return NotFound(page);
                RequestAccessPage.Write(page, repository, null, []);
                return page.Render("Request access");
            }
        });

        web.MapPost("/{owner}/{repo}/request-access", async (string owner, string repo, HttpContext context) =>
        {
            if (await ReadAsync(context, sessions).ConfigureAwait(false) is not var (visitor, form)) return Home();
            var draft = new AccessRequestDraft(
                Typed(form, "requester"), Typed(form, "resource"), Typed(form, "role"), Typed(form, "duration"), Typed(form, "reason"),
                Typed(form, "ticket") is { Length: > 0 } ticket ? ticket : null, AccessRequestDraft.SplitTables(form["tables"]));
            var page = new HtmlPage(visitor);
            lock (state.Gate)
            {
                if (state.FindRepository(owner, repo) is not { } repository) return NotFound(page);
                var problems = draft.Problems;
                if (problems.Count == 0)
                {
                    try
                    {
                        var pullRequest = people.OpenPullRequest(visitor.Login!, repository, draft.Path, draft.Yaml, draft.Title, body: draft.Reason);
                        return Results.Redirect($"/{repository.FullName}/pull/{pullRequest.Number}", preserveMethod: false);
                    }
                    catch (Exception e) when (e is InvalidOperationException or ArgumentException)
                    {
                        problems = [e.Message];
                    }
                }
                RequestAccessPage.Write(page, repository, draft, problems);
                return page.Render("Request access", StatusCodes.Status422UnprocessableEntity);
            }
        });

        web.MapGet("/{owner}/{repo}/pull/{number:int}", (string owner, string repo, int number, HttpContext context) =>
        {
            var page = new HtmlPage(sessions.Visitor(context));
            lock (state.Gate)
            {
                if (state.FindRepository(owner, repo)?.FindPullRequest(number) is not { } pullRequest) return NotFound(page);
                PullRequestPage.Write(page, state, pullRequest, null);
                return page.Render($"{pullRequest.Title} #{number}");
            }
        });

        MapAction(web, state, sessions, "comment", (login, pullRequest, form) => people.Comment(login, pullRequest, form["body"].ToString()));
        MapAction(web, state, sessions, "review", (login, pullRequest, form) => people.Review(login, pullRequest, form["verdict"].ToString() switch
        {
            "approve" => FakeReviewVerdict.Approve,
            "request_changes" => FakeReviewVerdict.RequestChanges,
            "comment" => FakeReviewVerdict.Comment,
            _ => throw new ArgumentException("Choose Approve, Request changes or Comment."),
        }, form["review_body"].ToString()));
        MapAction(web, state, sessions, "merge", (login, pullRequest, _) => people.Merge(login, pullRequest));
        MapAction(web, state, sessions, "close", (login, pullRequest, _) => people.Close(login, pullRequest));
        MapAction(web, state, sessions, "reopen", (login, pullRequest, _) => people.Reopen(login, pullRequest));
        MapAction(web, state, sessions, "push", (login, pullRequest, form) =>
            people.Push(login, pullRequest, form["path"].ToString(), form["content"].ToString(), Typed(form, "message") is { Length: > 0 } message ? message : null));
    }

    /// <summary>POST /{owner}/{repo}/pull/{number}/{action}: the signed-in person acts; back to the pull request, with GitHub's refusal if it refused.</summary>
    private static void MapAction(IEndpointRouteBuilder web, FakeGitHubState state, PageSessions sessions, string action, Action<string, FakePullRequest, IFormCollection> act)
    {
        web.MapPost("/{owner}/{repo}/pull/{number:int}/" + action, async (string owner, string repo, int number, HttpContext context) =>
        {
            if (await ReadAsync(context, sessions).ConfigureAwait(false) is not var (visitor, form)) return Home();
            var page = new HtmlPage(visitor);
            lock (state.Gate)
            {
                if (state.FindRepository(owner, repo)?.FindPullRequest(number) is not { } pullRequest) return NotFound(page);
                try
                {
                    act(visitor.Login!, pullRequest, form);
                    return Results.Redirect($"/{pullRequest.Repository.FullName}/pull/{number}", preserveMethod: false);
                }
                catch (Exception e) when (e is InvalidOperationException or ArgumentException)
                {
                    PullRequestPage.Write(page, state, pullRequest, e.Message);
                    return page.Render($"{pullRequest.Title} #{number}", StatusCodes.Status422UnprocessableEntity);
                }
            }
        });
    }

    /// <summary>The signed-in visitor and the form of an accepted POST, or null: refused.</summary>
    private static async Task<(PageVisitor Visitor, IFormCollection Form)?> ReadAsync(HttpContext context, PageSessions sessions)
    {
        if (!context.Request.HasFormContentType) return null;
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        return sessions.Authorize(context, form) is { } visitor ? (visitor, form) : null;
    }

    private static string Typed(IFormCollection form, string name) => form[name].ToString().Trim();

    private static IResult Home() => Results.Redirect("/", preserveMethod: false);

    private static IResult NotFound(HtmlPage page)
    {
        page.Markup("<p>There is no such repository or pull request in the sandbox.</p>");
        return page.Render("Not found", StatusCodes.Status404NotFound);
    }
}
