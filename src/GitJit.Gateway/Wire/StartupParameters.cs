using System.Collections.Frozen;

namespace GitJit.Gateway.Wire;

/// <summary>
/// Which startup parameters a client may send and which of them reach the server. Only settings that change how
/// results look, never what a statement may do, are passed on; the rest refuse the connection with a clear error.
/// </summary>
internal static class StartupParameters
{
    private static readonly FrozenSet<string> Passed = new[]
    {
        "application_name", "DateStyle", "TimeZone", "extra_float_digits", "search_path", "IntervalStyle", "lc_monetary", "lc_numeric", "lc_time",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> Utf8Names = new[] { "UTF8", "UTF-8", "UNICODE" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The parameters to send upstream, or the reason to refuse the connection (SQLSTATE and message).</summary>
    public static (List<KeyValuePair<string, string>> Upstream, string? Code, string? Refusal) Sort(IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var upstream = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in parameters)
        {
            switch (name)
            {
                case "user":
                case "database":
                    // The login names the grant's database: whatever database a client asks for, it gets that one
                    // (libpq defaults the database to the user name, which is the gateway login, not a database).
                    break;
                case "replication":
                    if (value is not ("false" or "off" or "no" or "0"))
                    {
                        return (upstream, "28000", "gitjit gateway: replication connections are refused");
                    }
                    break;
                case "options":
                    // Refused rather than dropped: options carries command-line settings ("-c statement_timeout=0",
                    // "-c role=…") that a guardrail holds, and a client that sends harmless ones (search_path) expects
                    // them applied; dropping them silently would run its statements under settings it did not ask for.
                    return (upstream, "0A000", "gitjit gateway: the startup parameter \"options\" is refused: it can change settings the grant's guardrails hold; use the client's own settings (search_path, TimeZone) instead");
                case "client_encoding":
                    if (!Utf8Names.Contains(value))
                    {
                        return (upstream, "22023", $"gitjit gateway: client_encoding must be UTF8 (the gateway reads statements as UTF-8); set PGCLIENTENCODING=UTF8");
                    }
                    upstream.Add(new(name, "UTF8"));
                    break;
                default:
                    if (Passed.Contains(name))
                    {
                        upstream.Add(new(name, value));
                    }
                    else if (!name.StartsWith("_pq_.", StringComparison.Ordinal))
                    {
                        return (upstream, "0A000", $"gitjit gateway: the startup parameter \"{name}\" is not passed to the server; the gateway passes only {string.Join(", ", Passed.Order(StringComparer.Ordinal))} and client_encoding");
                    }
                    break;
            }
        }
        return (upstream, null, null);
    }
}
