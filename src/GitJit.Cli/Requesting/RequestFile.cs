using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using GitJit.Core.Repository;

namespace GitJit.Cli.Requesting;

/// <summary>
/// A request file as <c>gitjit request</c> writes it: <c>access-requests/&lt;resource&gt;/&lt;requester&gt;-&lt;slug&gt;.yaml</c>,
/// the schema line the examples start with, then the fields. Values that are not plain words are written as YAML
/// double-quoted strings, so that no value can add a line or a field; validation then judges the values themselves.
/// </summary>
public sealed partial record RequestFile(string Requester, string Resource, string Role, string Duration, string Reason, string? Ticket, IReadOnlyList<string> Tables)
{
    /// <summary>A break-glass request (<c>emergency: true</c>).</summary>
    public bool Emergency { get; init; }

    /// <summary>The request's <c>start</c>, as given (validation judges it); null for none.</summary>
    public string? Start { get; init; }

    /// <summary>The slug takes at most this many words of the reason…</summary>
    public const int SlugWords = 4;

    /// <summary>…and at most this many characters.</summary>
    public const int SlugLength = 32;

    /// <summary>JSON strings are YAML double-quoted strings; control and invisible characters stay escaped.</summary>
    private static readonly JsonSerializerOptions Quoted = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A few lower-case words of the reason, joined by hyphens (<c>investigate-stuck-orders-after</c>); "request" when it has none.</summary>
    public string Slug
    {
        get
        {
            var words = Words().Matches(Reason.ToLowerInvariant()).Select(m => m.Value).Take(SlugWords).ToList();
            var slug = "";
            foreach (var word in words)
            {
                var next = slug.Length == 0 ? word : slug + "-" + word;
                if (next.Length > SlugLength) break;
                slug = next;
            }
            return slug.Length > 0 ? slug : words.Count > 0 ? words[0][..Math.Min(words[0].Length, SlugLength)] : "request";
        }
    }

    /// <summary>Where the file goes in the repository.</summary>
    public string Path => $"{AccessRepository.RequestsDirectory}/{Resource}/{Requester.ToLowerInvariant()}-{Slug}.yaml";

    /// <summary>The branch the pull request comes from: the resource and the file's name, so two people's reasons never share one.</summary>
    public string Branch => $"gitjit/request/{Resource}-{Requester.ToLowerInvariant()}-{Slug}";

    public string Text
    {
        get
        {
            var text = new StringBuilder();
            text.Append("# yaml-language-server: $schema=../../schemas/access-request.schema.json\n");
            Field(text, "requester", Requester);
            Field(text, "resource", Resource);
            Field(text, "role", Role);
            Field(text, "duration", Duration);
            Field(text, "reason", Reason);
            if (Ticket is not null) Field(text, "ticket", Ticket);
            if (Start is not null) Field(text, "start", Start);
            if (Emergency) text.Append("emergency: true\n");
            if (Tables.Count > 0)
            {
                text.Append("guardrails:\n  tables: [").AppendJoin(", ", Tables.Select(Scalar)).Append("]\n");
            }
            return text.ToString();
        }
    }

    public byte[] Content => new UTF8Encoding(false).GetBytes(Text);

    private static void Field(StringBuilder text, string name, string value) => text.Append(name).Append(": ").Append(Scalar(value)).Append('\n');

    /// <summary>A plain scalar when it is safe as one (letters, digits, spaces and <c>. , - _ / ( ) #</c> inside); otherwise double-quoted.</summary>
    private static string Scalar(string value) =>
        Plain().IsMatch(value) && !value.Contains(" #", StringComparison.Ordinal)
            && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && !Reserved().IsMatch(value)
            ? value
            : JsonSerializer.Serialize(value, Quoted);

    [GeneratedRegex(@"[a-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex Words();

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9 .,_/()#-]*[A-Za-z0-9.)])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Plain();

    [GeneratedRegex(@"^(?:y|n|yes|no|on|off|true|false|null|~)\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Reserved();
}
