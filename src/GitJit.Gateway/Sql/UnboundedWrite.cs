namespace GitJit.Gateway.Sql;

/// <summary>
/// An UPDATE or DELETE with no WHERE clause, wherever it is in the statement (a CTE, PREPARE, EXPLAIN, a rule's
/// action). Any WHERE counts, <c>WHERE true</c> included: it is the deliberate way to say "every row".
/// </summary>
public sealed record UnboundedWrite(StatementKind Kind, TableReference Table);
