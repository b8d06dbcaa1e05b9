namespace GitJit.Core;

/// <summary>A 1-based line and column in a file; <see cref="File"/> (0, 0) stands for the file as a whole.</summary>
public readonly record struct SourcePosition(int Line, int Column)
{
    public static SourcePosition File { get; }

    public override string ToString() => $"{Line}:{Column}";
}
