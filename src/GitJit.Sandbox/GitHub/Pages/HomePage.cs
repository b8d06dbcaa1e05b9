namespace GitJit.Sandbox.GitHub.Pages;

/// <summary>The home page: every person the stand-in knows with their teams, a button to act as each, and the repositories.</summary>
internal static class HomePage
{
    public static void Write(HtmlPage page, FakeGitHubState state)
    {
        page.Markup("<p>Act as any person: the browser signs in as them here, and \"Sign in with GitHub\" on the App then signs in as that same person.</p>");
        page.Markup("<h2>People</h2><table><thead><tr><th>Person</th><th>Teams</th><th></th></tr></thead><tbody>");
        foreach (var login in People(state))
        {
            var teams = state.Teams.Values.Where(t => t.Members.Contains(login, StringComparer.OrdinalIgnoreCase)).Select(t => "@" + t.Organization + "/" + t.Slug);
            var name = state.Users.TryGetValue(login, out var user) && user.Name is { } display ? $"{login} ({display})" : login;
            page.Markup("<tr><td>").Text(name).Markup("</td><td>").Text(string.Join(", ", teams)).Markup("</td><td>");
            if (string.Equals(page.Visitor.Login, login, StringComparison.OrdinalIgnoreCase))
            {
                page.Markup("<strong>you</strong>");
            }
            else
            {
                page.Form("/sandbox/act-as", "inline").Hidden("login", login).Button("Act as " + login).EndForm();
            }
            page.Markup("</td></tr>");
        }
        page.Markup("</tbody></table>");

        page.Markup("<h2>Repositories</h2><ul>");
        foreach (var repository in state.Repositories.Values.OrderBy(r => r.FullName, StringComparer.OrdinalIgnoreCase))
        {
            page.Markup("<li>").Link("/" + repository.FullName, repository.FullName).Markup("</li>");
        }
        page.Markup("</ul>");
    }

    /// <summary>Added users, members of teams and organisations, and authors of pull requests; Apps' bots left out.</summary>
    public static IReadOnlyList<string> People(FakeGitHubState state)
    {
        var logins = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        logins.UnionWith(state.Users.Keys);
        foreach (var team in state.Teams.Values) logins.UnionWith(team.Members);
        foreach (var organization in state.Organizations.Values) logins.UnionWith(organization.Members);
        foreach (var repository in state.Repositories.Values) logins.UnionWith(repository.PullRequestsUnlocked.Select(p => p.Author));
        logins.RemoveWhere(l => l.EndsWith("[bot]", StringComparison.Ordinal));
        return [.. logins];
    }
}
