namespace GitJit.Core.CodeOwners;

/// <summary>
/// Reads one line of a CODEOWNERS file into a rule, or into findings when GitHub would skip it.
/// Spaces and tabs separate the pattern from the owners; a backslash in the pattern escapes the next
/// character (so <c>\ </c> keeps a space in the pattern). A token starting with <c>#</c> after whitespace
/// begins a comment that ends the line; a <c>#</c> inside a token is part of it.
/// </summary>
internal static class CodeOwnersLine
{
    /// <summary>The rule on the line and its compiled pattern; null for a blank, comment or skipped line.</summary>
    public static (CodeOwnersRule Rule, PathPattern Pattern)? Read(string file, int number, string line, List<Finding> findings)
    {
        var start = SkipBlanks(line, 0);
        if (start == line.Length || line[start] == '#') return null;

        var patternEnd = EndOfPattern(line, start);
        var written = line[start..patternEnd];
        var compiled = CheckPattern(file, number, start, written, findings);

        var owners = new List<Owner>();
        var ownersValid = true;
        for (var at = SkipBlanks(line, patternEnd); at < line.Length && line[at] != '#'; at = SkipBlanks(line, at))
        {
            var end = at;
            while (end < line.Length && !IsBlank(line[end])) end++;
            var token = line[at..end];
            if (Owner.TryParse(token, out var owner))
            {
                owners.Add(owner);
            }
            else
            {
                findings.Add(Finding.Error(file, new(number, at + 1), "codeowners.invalid-owner",
                    $"{Text.Quote(token)} is not a user (@login), team (@org/team) or email address; GitHub skips this line"));
                ownersValid = false;
            }
            at = end;
        }

        if (compiled is null || !ownersValid) return null;
        if (owners.Count == 0 && Owner.TryParse(written, out _))
        {
            findings.Add(Finding.Warning(file, new(number, start + 1), "codeowners.no-pattern",
                $"{Text.Quote(written)} looks like an owner but GitHub reads it as a pattern with no owners, which clears ownership of paths named like it; put a pattern first"));
        }
        return (new CodeOwnersRule(number, written, owners.AsReadOnly()), compiled);
    }

    private static PathPattern? CheckPattern(string file, int number, int start, string written, List<Finding> findings)
    {
        var problem = ProblemWith(written);
        if (problem is null)
        {
            var compiled = PathPattern.Compile(written);
            if (compiled is not null) return compiled;
            problem = (0, "codeowners.matches-nothing", $"the pattern {Text.Quote(written)} never matches anything; use * to match every file");
        }
        var (offset, code, message) = problem.Value;
        findings.Add(Finding.Error(file, new(number, start + offset + 1), code, message));
        return null;
    }

    private static (int Offset, string Code, string Message)? ProblemWith(string written)
    {
        if (written[0] == '!')
        {
            return (0, "codeowners.negation", "GitHub does not support '!' to negate a pattern and skips this line");
        }
        if (written.StartsWith("\\#", StringComparison.Ordinal))
        {
            return (0, "codeowners.escaped-hash", "GitHub does not support escaping a leading '#' with '\\' and skips this line");
        }
        for (var i = 0; i < written.Length; i++)
        {
            if (written[i] == '\\' && i + 1 == written.Length)
            {
                return (i, "codeowners.invalid-pattern", "the pattern ends with a lone '\\', which escapes nothing");
            }
            if (written[i] == '\\')
            {
                i++;
            }
            else if (written[i] is '[' or ']')
            {
                return (i, "codeowners.range", "GitHub does not support '[ ]' character ranges and skips this line; escape a bracket in a file name as '\\[' or '\\]'");
            }
        }
        return null;
    }

    private static int EndOfPattern(string line, int start)
    {
        var end = start;
        while (end < line.Length && !IsBlank(line[end]))
        {
            end += line[end] == '\\' && end + 1 < line.Length ? 2 : 1;
        }
        return end;
    }

    private static int SkipBlanks(string line, int from)
    {
        while (from < line.Length && IsBlank(line[from])) from++;
        return from;
    }

    private static bool IsBlank(char c) => c is ' ' or '\t';
}
