namespace GitJit.Core;

/// <summary>How much a finding matters. Errors refuse a request; warnings fail validation; notices only inform.</summary>
public enum Severity
{
    Notice,
    Warning,
    Error,
}

/// <summary>
/// One problem found in the access repository, at a place a human can open.
/// <see cref="Line"/> and <see cref="Column"/> are 1-based; 0 means "the whole file".
/// <see cref="Code"/> is a stable rule id (for example <c>request.duration-too-long</c>) that tests and tools may rely on.
/// Messages never contain secrets; values copied from files are quoted with <see cref="Text.Quote"/>.
/// </summary>
public sealed record Finding(string Path, int Line, int Column, Severity Severity, string Code, string Message)
{
    public static Finding Error(string path, SourcePosition at, string code, string message) =>
        new(path, at.Line, at.Column, Severity.Error, code, message);

    public static Finding Warning(string path, SourcePosition at, string code, string message) =>
        new(path, at.Line, at.Column, Severity.Warning, code, message);

    public static Finding Notice(string path, SourcePosition at, string code, string message) =>
        new(path, at.Line, at.Column, Severity.Notice, code, message);

    /// <summary>Orders findings by file, then position, for stable output.</summary>
    public static IComparer<Finding> Order { get; } = Comparer<Finding>.Create((a, b) =>
    {
        var byPath = string.CompareOrdinal(a.Path, b.Path);
        if (byPath != 0) return byPath;
        var byLine = a.Line.CompareTo(b.Line);
        if (byLine != 0) return byLine;
        var byColumn = a.Column.CompareTo(b.Column);
        if (byColumn != 0) return byColumn;
        var byCode = string.CompareOrdinal(a.Code, b.Code);
        return byCode != 0 ? byCode : string.CompareOrdinal(a.Message, b.Message);
    });
}
