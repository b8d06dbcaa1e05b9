using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GitJit.Core.Yaml;

/// <summary>
/// Reads one YAML document from an untrusted file. Refuses, with a finding instead of an exception:
/// oversized or empty files, anything but UTF-8, NUL bytes, anchors and aliases (no expansion bombs),
/// explicit tags, duplicate or complex keys, more than one document, and nesting or node counts past
/// <see cref="YamlLimits"/>. It never hangs and never throws for bad input.
/// </summary>
public static class SafeYamlReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static YamlReadResult Read(string path, ReadOnlySpan<byte> bytes, YamlLimits? limits = null)
    {
        limits ??= YamlLimits.Default;
        if (bytes.Length > limits.MaxBytes)
        {
            return Refuse(path, SourcePosition.File, "yaml.too-large", $"file is larger than {limits.MaxBytes:N0} bytes, the most an access file may be");
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            return Refuse(path, SourcePosition.File, "yaml.encoding", "file must be UTF-8; it starts with a UTF-16 or UTF-32 byte-order mark");
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        var nul = bytes.IndexOf((byte)0);
        if (nul >= 0)
        {
            return Refuse(path, LineOf(bytes, nul), "yaml.binary", "file contains NUL bytes; access files are YAML text");
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            return Refuse(path, LineOf(bytes, Math.Max(0, e.Index)), "yaml.encoding", "file is not valid UTF-8");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return Refuse(path, SourcePosition.File, "yaml.empty", "file is empty");
        }

        var builder = new TreeBuilder(path, limits);
        try
        {
            return builder.Build(new Parser(new StringReader(text)));
        }
        catch (YamlException e)
        {
            return Refuse(path, Position(e.Start), "yaml.syntax", "invalid YAML: " + Clean(e.Message));
        }
        catch (Exception e) when (IsParserFailure(e))
        {
            // YamlDotNet throws more than YamlException on some malformed input (InvalidOperationException from its
            // scanner on an unclosed flow collection): still the file's fault, reported where the parser last stood.
            return Refuse(path, builder.Reached, "yaml.syntax",
                "invalid YAML: it cannot be read past here (an unclosed '[', '{' or quote is the usual cause)");
        }
    }

    /// <summary>An exception thrown inside YamlDotNet while it read the file, as opposed to a bug of GitJit's own.</summary>
    private static bool IsParserFailure(Exception exception) =>
        exception is not OutOfMemoryException
        && new System.Diagnostics.StackTrace(exception).GetFrames().Any(f => f.GetMethod()?.Module.Assembly == typeof(Parser).Assembly);

    internal static SourcePosition Position(Mark mark) =>
        new((int)Math.Clamp(mark.Line, 1, int.MaxValue), (int)Math.Clamp(mark.Column, 1, int.MaxValue));

    private static YamlReadResult Refuse(string path, SourcePosition at, string code, string message) =>
        new(null, [Finding.Error(path, at, code, message)]);

    private static SourcePosition LineOf(ReadOnlySpan<byte> bytes, int index)
    {
        var before = bytes[..Math.Min(index, bytes.Length)];
        var line = before.Count((byte)'\n') + 1;
        var column = index - before.LastIndexOf((byte)'\n');
        return new SourcePosition(line, column);
    }

    /// <summary>Parser messages may echo file content: keep them short and free of control characters.</summary>
    private static string Clean(string message)
    {
        var cleaned = new string([.. message.Take(200).Select(c => char.IsControl(c) ? ' ' : c)]);
        return message.Length > 200 ? cleaned + "…" : cleaned;
    }

    private sealed class TreeBuilder(string path, YamlLimits limits)
    {
        private int nodes;
        private Finding? refusal;

        /// <summary>Where the last event the parser gave ended: how far the file was read.</summary>
        public SourcePosition Reached { get; private set; } = new(1, 1);

        public YamlReadResult Build(Parser parser)
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                return Refuse(path, SourcePosition.File, "yaml.empty", "file holds no YAML document");
            }
            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, depth: 1);
            if (root is null)
            {
                return new YamlReadResult(null, [refusal!]);
            }
            parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _))
            {
                return Refuse(path, Position(parser.Current!.Start), "yaml.multiple-documents", "file holds more than one YAML document; an access file holds exactly one");
            }
            return new YamlReadResult(root, []);
        }

        private YamlNode? ReadNode(Parser parser, int depth)
        {
            var current = parser.Current!;
            var at = Position(current.Start);
            Reached = Position(current.End);
            if (++nodes > limits.MaxNodes)
            {
                return Reject(at, "yaml.too-many-nodes", $"file has more than {limits.MaxNodes:N0} values");
            }
            switch (current)
            {
                case AnchorAlias:
                    return Reject(at, "yaml.alias", "aliases (*name) are not allowed in access files");
                case NodeEvent { Anchor.IsEmpty: false }:
                    return Reject(at, "yaml.anchor", "anchors (&name) are not allowed in access files");
                case NodeEvent { Tag.IsEmpty: false } tagged:
                    return Reject(at, "yaml.tag", $"tags such as {Text.Quote(tagged.Tag.Value)} are not allowed in access files");
                case Scalar scalar:
                    parser.MoveNext();
                    return new YamlScalar(at, scalar.Value, scalar.Style == ScalarStyle.Plain);
                case SequenceStart:
                    return depth > limits.MaxDepth ? TooDeep(at) : ReadSequence(parser, at, depth);
                case MappingStart:
                    return depth > limits.MaxDepth ? TooDeep(at) : ReadMapping(parser, at, depth);
                default:
                    return Reject(at, "yaml.syntax", "unexpected YAML structure");
            }
        }

        private YamlSequence? ReadSequence(Parser parser, SourcePosition at, int depth)
        {
            parser.MoveNext();
            var items = new List<YamlNode>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                var item = ReadNode(parser, depth + 1);
                if (item is null) return null;
                items.Add(item);
            }
            return new YamlSequence(at, items);
        }

        private YamlMapping? ReadMapping(Parser parser, SourcePosition at, int depth)
        {
            parser.MoveNext();
            var entries = new List<KeyValuePair<YamlScalar, YamlNode>>();
            var seen = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var keyNode = ReadNode(parser, depth + 1);
                if (keyNode is null) return null;
                if (keyNode is not YamlScalar key)
                {
                    Reject(keyNode.Start, "yaml.complex-key", "mapping keys must be plain names, not lists or mappings");
                    return null;
                }
                if (!seen.TryAdd(key.Value, key.Start))
                {
                    Reject(key.Start, "yaml.duplicate-key", $"key {Text.Quote(key.Value)} appears twice (first on line {seen[key.Value].Line})");
                    return null;
                }
                var value = ReadNode(parser, depth + 1);
                if (value is null) return null;
                entries.Add(new(key, value));
            }
            return new YamlMapping(at, entries);
        }

        private YamlNode? TooDeep(SourcePosition at) =>
            Reject(at, "yaml.too-deep", $"nesting deeper than {limits.MaxDepth} levels is not allowed");

        private YamlNode? Reject(SourcePosition at, string code, string message)
        {
            refusal = Finding.Error(path, at, code, message);
            return null;
        }
    }
}
