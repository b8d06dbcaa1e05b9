using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GitJit.Sandbox.GitHub.Pages;

/// <summary>
/// What the "Request access" form was given, as the request file it becomes: <c>access-requests/&lt;resource&gt;/&lt;requester&gt;-&lt;slug&gt;.yaml</c>
/// written by a YAML emitter, so every typed value reads back exactly as typed and none adds a line or a field. Only the two
/// values that name the file's path are judged here (<see cref="Problems"/>); GitJit judges the rest on the pull request.
/// </summary>
internal sealed partial record AccessRequestDraft(string Requester, string Resource, string Role, string Duration, string Reason, string? Ticket, IReadOnlyList<string> Tables)
{
    public const string SchemaLine = "# yaml-language-server: $schema=../../schemas/access-request.schema.json\n";

    /// <summary>Why the file cannot be written where the values say (empty when it can).</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            var problems = new List<string>();
            if (!Login().IsMatch(Requester) || Requester.Length > 39)
            {
                problems.Add("requester must be a GitHub login (letters, digits and single hyphens, at most 39): it names the file.");
            }
            if (!Name().IsMatch(Resource) || Resource.Length > 100)
            {
                problems.Add("resource must be a policy name (letters, digits, '.', '_' and '-', starting with a letter or digit): it names the folder.");
            }
            return problems;
        }
    }

    /// <summary>A few lower-case words of the reason joined by hyphens, at most 32 characters; "request" when it has none.</summary>
    public string Slug
    {
        get
        {
            var slug = "";
            foreach (var word in Words().Matches(Reason.ToLowerInvariant()).Select(m => m.Value).Take(4))
            {
                var next = slug.Length == 0 ? word : slug + "-" + word;
                if (next.Length > 32) break;
                slug = next;
            }
            return slug.Length > 0 ? slug : "request";
        }
    }

    public string Path => $"access-requests/{Resource}/{Requester.ToLowerInvariant()}-{Slug}.yaml";

    public string Title => string.Create(CultureInfo.InvariantCulture, $"Request {Role} on {Resource} for {Duration}");

    /// <summary>The file: the schema line, then the fields; a value is plain only when plainly a word-like string, else double-quoted.</summary>
    public string Yaml
    {
        get
        {
            using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
            var emitter = new Emitter(writer, new EmitterSettings().WithNewLine("\n"));
            emitter.Emit(new StreamStart());
            emitter.Emit(new DocumentStart(null, null, isImplicit: true));
            emitter.Emit(new MappingStart());
            Field(emitter, "requester", Requester);
            Field(emitter, "resource", Resource);
            Field(emitter, "role", Role);
            Field(emitter, "duration", Duration);
            Field(emitter, "reason", Reason);
            if (Ticket is not null) Field(emitter, "ticket", Ticket);
            if (Tables.Count > 0)
            {
                Key(emitter, "guardrails");
                emitter.Emit(new MappingStart());
                Key(emitter, "tables");
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Flow));
                foreach (var table in Tables) Value(emitter, table);
                emitter.Emit(new SequenceEnd());
                emitter.Emit(new MappingEnd());
            }
            emitter.Emit(new MappingEnd());
            emitter.Emit(new DocumentEnd(isImplicit: true));
            emitter.Emit(new StreamEnd());
            return SchemaLine + writer.ToString();
        }
    }

    /// <summary>Comma-separated table names, trimmed, empty ones left out.</summary>
    public static IReadOnlyList<string> SplitTables(string? typed) =>
        [.. (typed ?? "").Split(',').Select(t => t.Trim()).Where(t => t.Length > 0)];

    private static void Field(IEmitter emitter, string name, string value)
    {
        Key(emitter, name);
        Value(emitter, value);
    }

    private static void Key(IEmitter emitter, string name) => emitter.Emit(new Scalar(null, null, name, ScalarStyle.Plain, true, false));

    private static void Value(IEmitter emitter, string value)
    {
        var plain = Plain().IsMatch(value) && !Reserved().IsMatch(value) && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        emitter.Emit(new Scalar(null, null, value, plain ? ScalarStyle.Plain : ScalarStyle.DoubleQuoted, plain, !plain));
    }

    [GeneratedRegex(@"^[A-Za-z0-9](?:-?[A-Za-z0-9])*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Login();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Name();

    [GeneratedRegex(@"[a-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex Words();

    /// <summary>Letters, digits, spaces and <c>. , - _ / ( )</c>, starting with a letter or digit and ending with one or a '.' or ')'.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9 .,_/()-]*[A-Za-z0-9.)])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Plain();

    [GeneratedRegex(@"^(?:y|n|yes|no|on|off|true|false|null|~)\z", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Reserved();
}
