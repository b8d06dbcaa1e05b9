namespace GitJit.Core;

/// <summary>What matching a <see cref="BoundedPattern"/> against a value found.</summary>
public enum PatternMatch
{
    /// <summary>The value matches.</summary>
    Match,

    /// <summary>The value does not match.</summary>
    NoMatch,

    /// <summary>The pattern took longer than <see cref="BoundedPattern.MatchTimeout"/>, now or before: nothing is known.</summary>
    TooSlow,
}
