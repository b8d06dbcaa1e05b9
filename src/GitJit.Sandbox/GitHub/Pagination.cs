using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace GitJit.Sandbox.GitHub;

/// <summary>
/// GitHub's page-number pagination: <c>page</c> (from 1) and <c>per_page</c> (default 30, at most 100),
/// with a <c>Link</c> header holding absolute first/prev/next/last URLs when there is more than one page.
/// </summary>
internal static class Pagination
{
    public const int DefaultPerPage = 30;
    public const int MaxPerPage = 100;

    public static IReadOnlyList<T> Page<T>(HttpContext context, IReadOnlyList<T> items)
    {
        var page = Math.Max(1, Read(context, "page", 1));
        var perPage = Math.Clamp(Read(context, "per_page", DefaultPerPage), 1, MaxPerPage);
        var lastPage = Math.Max(1, (items.Count + perPage - 1) / perPage);

        var links = new List<string>();
        if (page > 1)
        {
            links.Add(Link(context, 1, "first"));
            links.Add(Link(context, Math.Min(page - 1, lastPage), "prev"));
        }

        if (page < lastPage)
        {
            links.Add(Link(context, page + 1, "next"));
            links.Add(Link(context, lastPage, "last"));
        }

        if (links.Count > 0) context.Response.Headers.Link = string.Join(", ", links);
        return [.. items.Skip((page - 1) * perPage).Take(perPage)];
    }

    private static int Read(HttpContext context, string name, int fallback) =>
        int.TryParse(context.Request.Query[name], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private static string Link(HttpContext context, int page, string rel)
    {
        var request = context.Request;
        var query = request.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString(), StringComparer.Ordinal);
        query["page"] = page.ToString(CultureInfo.InvariantCulture);
        var url = QueryHelpers.AddQueryString($"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}", query);
        return $"<{url}>; rel=\"{rel}\"";
    }
}
