using System.Globalization;
using GitJit.Gateway.Sessions;
using GitJit.Server.Gateway;

namespace GitJit.Server.Pages;

/// <summary>
/// The grant page's part on the gateway: the grant's sessions, its last statements and its refused attempts. Every
/// text is encoded (a table or column name may be anything), and statements are only ever the gateway's normalized
/// text, with <c>$n</c> for every literal.
/// </summary>
internal static class GatewayActivityMarkup
{
    /// <summary>How many of the grant's latest statements the page lists.</summary>
    public const int LastStatements = 50;

    public static Markup Section(GatewayActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var body = Html.Tag("h2", "Sessions through the gateway");
        if (activity.Sessions.Count == 0)
        {
            return Html.Tag("section", body + Html.P("No sessions yet. Every statement of this grant goes through GitJit's guarded gateway and is listed here."), ("data-gateway", ""));
        }
        body += Table("Sessions", ["Client", "Application", "Started", "Ended", "Statements", "Refused", "Failed"], activity.Sessions.Select(s => new Markup[]
            {
                Html.Code(s.Client),
                s.ApplicationName ?? "—",
                Html.Time(s.StartedAt),
                s.EndedAt is { } ended ? Html.Time(ended) + (s.EndReason is { } why ? Html.Void("br") + why : Markup.Empty) : "open",
                Count(s.Statements),
                Count(s.Refused),
                Count(s.Failed),
            }), "data-sessions");
        body += Html.Tag("h2", "Last statements");
        body += Table("Last statements", ["At", "Kind", "Statement", "Outcome", "Rows", "Time"], activity.Recent.Select(l => new Markup[]
            {
                Html.Time(l.Statement.At),
                l.Statement.Kind,
                Text(l.Statement),
                Outcome(l.Statement),
                l.Statement.Rows is { } rows ? Count(rows) : "—",
                Duration(l.Statement.Duration),
            }), "data-statements");
        body += Html.Tag("h2", "Refused attempts");
        body += activity.Refused.Count == 0
            ? Html.P("None.")
            : Table("Refused attempts", ["At", "Guardrail", "Statement", "Why"], activity.Refused.Select(l => new Markup[]
                {
                    Html.Time(l.Statement.At),
                    l.Statement.Guardrail ?? "—",
                    Text(l.Statement),
                    l.Statement.Reason ?? "—",
                }), "data-refused");
        return Html.Tag("section", body, ("data-gateway", ""));
    }

    private static Markup Table(string caption, string[] headings, IEnumerable<Markup[]> rows, string marker) =>
        Html.Tag("div",
            Html.Tag("table",
                Html.Tag("caption", caption, ("class", "visually-hidden"))
                + Html.Tag("thead", Html.Tag("tr", Html.Join(headings.Select(h => Html.Tag("th", h, ("scope", "col"))))))
                + Html.Tag("tbody", Html.Join(rows.Select(cells => Html.Tag("tr", Html.Join(cells.Select((cell, i) => Html.Tag("td", cell, ("data-label", headings[i]))))))))),
            ("class", "table"), (marker, ""));

    private static Markup Text(StatementEvent statement) => statement.Text is { } text ? Html.Code(text) : "(not readable: only its kind is kept)";

    private static string Outcome(StatementEvent statement) => statement.Outcome switch
    {
        StatementOutcome.Ok => "ok",
        StatementOutcome.Refused => "refused",
        _ => "failed" + (statement.SqlState is { } state ? $" ({state})" : ""),
    };

    private static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan duration) =>
        duration.TotalMilliseconds < 1000
            ? duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms"
            : duration.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture) + " s";
}
