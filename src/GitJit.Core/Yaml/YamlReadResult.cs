namespace GitJit.Core.Yaml;

/// <summary>The document read from a file, or null with the findings that say why not.</summary>
public sealed record YamlReadResult(YamlNode? Root, IReadOnlyList<Finding> Findings);
