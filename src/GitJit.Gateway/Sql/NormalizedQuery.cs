namespace GitJit.Gateway.Sql;

/// <summary>
/// A query string fit for a log: <see cref="Text"/> with every literal value replaced by <c>$n</c> and comments
/// removed, and libpg_query's <see cref="Fingerprint"/>, the same for every query that differs only in its values.
/// Both are null when the string could not be read (<see cref="Problem"/>).
/// </summary>
/// <param name="Text">The normalized text.</param>
/// <param name="Fingerprint">16 lower-case hexadecimal digits.</param>
/// <param name="Problem">Why the string could not be read, or null.</param>
public sealed record NormalizedQuery(string? Text, string? Fingerprint, InputProblem? Problem = null);
