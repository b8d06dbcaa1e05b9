using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace GitJit.Core.Audit;

/// <summary>
/// The canonical bytes of an <see cref="AuditRecord"/>: UTF-8 JSON, camelCase, two-space indentation, LF line ends
/// and a final newline; null fields omitted; enums as their names (<c>orphan-revoked</c>); times in UTC
/// (<c>2026-11-28T12:00:00Z</c>, a fraction only when there is one); guardrail durations as policies write them
/// (<c>30s</c>). Equal records give equal bytes, and reading what was written gives an equal record back.
/// Reading treats the bytes as hostile: anything but a well-formed record is refused with a reason, never thrown.
/// </summary>
public static class AuditJson
{
    /// <summary>Records are small; anything larger is refused unread.</summary>
    public const int MaxBytes = 64 * 1024;

    private const int MaxRequestLength = 200;

    private static readonly JsonSerializerOptions Options = CreateOptions();

    public static byte[] Write(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var json = JsonSerializer.SerializeToUtf8Bytes(record, Options);
        var bytes = new byte[json.Length + 1];
        json.CopyTo(bytes, 0);
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    /// <summary>Reads a record, or says in <paramref name="problem"/> why the bytes are not one.</summary>
    public static bool TryRead(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out AuditRecord? record, out string problem)
    {
        record = null;
        if (utf8.Length > MaxBytes)
        {
            problem = $"the record is {utf8.Length} bytes; at most {MaxBytes} are read";
            return false;
        }
        AuditRecord? read;
        try
        {
            read = JsonSerializer.Deserialize<AuditRecord>(utf8, Options);
        }
        catch (JsonException e)
        {
            problem = "not an audit record: " + e.Message;
            return false;
        }
        var invalid = read is null ? "the record is null" : Check(read);
        if (invalid is not null)
        {
            problem = "not an audit record: " + invalid;
            return false;
        }
        record = read!;
        problem = "";
        return true;
    }

    /// <summary>A time as records write it: UTC, <c>2026-11-28T12:00:00Z</c>, with a fraction only when there is one.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Whether a grant id can stand in a commit trailer and a file's story: one line, no control characters.</summary>
    public static bool IsValidRequest(string? request) =>
        !string.IsNullOrWhiteSpace(request) && request.Length <= MaxRequestLength && request.Trim() == request && !request.Any(IsHidden);

    private static string? Check(AuditRecord record)
    {
        if (!IsValidRequest(record.Request))
        {
            return $"request {Text.Quote(record.Request ?? "")} must be one line of at most {MaxRequestLength} visible characters";
        }
        if (record.PullRequest is <= 0) return "pullRequest must be positive";
        if (record.SessionsEnded is < 0) return "sessionsEnded must not be negative";
        if (record.Sequence is <= 0) return "sequence must be positive";
        if (record.CredentialsIssued is < 0) return "credentialsIssued must not be negative";
        if (record.Approvals?.Any(a => a is null) == true) return "approvals must not hold null";
        if (record.Problems?.Any(p => p is null) == true) return "problems must not hold null";
        if (record.ObjectsDropped?.Any(o => o is null) == true) return "objectsDropped must not hold null";
        return null;
    }

    private static void WithoutComputedMembers(JsonTypeInfo type)
    {
        for (var i = type.Properties.Count - 1; i >= 0; i--)
        {
            if (type.Properties[i].Set is null) type.Properties.RemoveAt(i);
        }
    }

    private static bool IsHidden(char c) =>
        char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            IndentSize = 2,
            NewLine = "\n",
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Records are files in git, not HTML: keep quotes, '<', '+' and non-ASCII letters readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            AllowDuplicateProperties = false,
            MaxDepth = 8,
            Converters =
            {
                new AuditTimeConverter(),
                new AuditDurationConverter(),
                new JsonStringEnumConverter<AuditEvent>(namingPolicy: null, allowIntegerValues: false),
                new JsonStringEnumConverter<AuditReason>(namingPolicy: null, allowIntegerValues: false),
            },
        };
        // A record holds what it was given: computed members (Guardrails.RequiresGateway) are neither written nor accepted.
        options.TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { WithoutComputedMembers } };
        options.MakeReadOnly();
        return options;
    }
}
