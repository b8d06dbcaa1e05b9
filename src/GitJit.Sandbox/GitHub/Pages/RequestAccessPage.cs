namespace GitJit.Sandbox.GitHub.Pages;

/// <summary>The "Request access" form: the fields of an access request file, the requester being the person acting by default.</summary>
internal static class RequestAccessPage
{
    public static void Write(HtmlPage page, FakeRepository repository, AccessRequestDraft? typed, IReadOnlyList<string> problems)
    {
        page.Markup("<p>Writes <code>access-requests/&lt;resource&gt;/&lt;requester&gt;-&lt;slug&gt;.yaml</code> on a new branch of ")
            .Link("/" + repository.FullName, repository.FullName).Markup(" and opens a pull request for it, as you.</p>");
        foreach (var problem in problems) page.Markup("<p class=\"alert\" role=\"alert\">").Text(problem).Markup("</p>");
        var policies = repository.FindTree(repository.DefaultBranch)?.Entries.Keys
            .Where(p => p.StartsWith("policies/", StringComparison.Ordinal) && p.EndsWith(".yaml", StringComparison.Ordinal) && p.Count(c => c == '/') == 1)
            .Select(p => p["policies/".Length..^".yaml".Length]).ToList() ?? [];
        page.Form($"/{repository.FullName}/request-access")
            .Field("requester", "Requester", typed?.Requester ?? page.Visitor.Login, required: true, hint: "(a GitHub login; must be the pull request's author)")
            .Field("resource", "Resource", typed?.Resource, required: true, hint: policies.Count > 0 ? "(a policy: " + string.Join(", ", policies) + ")" : null)
            .Field("role", "Role", typed?.Role, required: true, hint: "(one of the policy's roles, e.g. read-only)")
            .Field("duration", "Duration", typed?.Duration ?? "1h", required: true, hint: "(e.g. 30m, 2h)")
            .Field("reason", "Reason", typed?.Reason, required: true)
            .Field("ticket", "Ticket", typed?.Ticket, hint: "(optional)")
            .Field("tables", "Tables", typed is null ? null : string.Join(", ", typed.Tables), hint: "(optional, comma-separated, e.g. public.orders, public.order_items)")
            .Button("Open pull request").EndForm();
    }
}
