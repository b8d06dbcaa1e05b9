namespace GitJit.Core.Yaml;

/// <summary>Limits on what <see cref="SafeYamlReader"/> accepts. Access files are small; these are generous.</summary>
public sealed record YamlLimits
{
    /// <summary>Largest file read, in bytes. Default 64 KiB.</summary>
    public int MaxBytes { get; init; } = 64 * 1024;

    /// <summary>Deepest nesting of mappings and lists. Default 16.</summary>
    public int MaxDepth { get; init; } = 16;

    /// <summary>Most nodes in one document. Default 10,000.</summary>
    public int MaxNodes { get; init; } = 10_000;

    public static YamlLimits Default { get; } = new();
}
