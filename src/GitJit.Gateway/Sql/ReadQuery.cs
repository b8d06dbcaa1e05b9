namespace GitJit.Gateway.Sql;

/// <summary>A query string read by <see cref="StatementClassifier.ReadAsync"/>: what it does, and how it is logged.</summary>
/// <param name="Classification">What each statement does, or why the string could not be read.</param>
/// <param name="Normalized">
/// The normalized text of its statement when it has exactly one (the statement's own text, without the blanks and
/// semicolon around it, as <see cref="StatementClassifier.NormalizeAsync"/> gives it); null otherwise.
/// </param>
public sealed record ReadQuery(Classification Classification, NormalizedQuery? Normalized);
