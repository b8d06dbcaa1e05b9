namespace GitJit.Gateway.Sql;

/// <summary>
/// A query string read by <see cref="StatementClassifier"/>: its statements in order, or the reason it could not be
/// read (then no statement). An empty string or one of only comments has no statement and no problem.
/// </summary>
public sealed record Classification
{
    private Classification(IReadOnlyList<ClassifiedStatement> statements, InputProblem? problem)
    {
        Statements = statements;
        Problem = problem;
    }

    /// <summary>The statements, in order; empty when <see cref="Problem"/> is set.</summary>
    public IReadOnlyList<ClassifiedStatement> Statements { get; }

    /// <summary>Why the string was not read, or null.</summary>
    public InputProblem? Problem { get; }

    public static Classification Of(IReadOnlyList<ClassifiedStatement> statements) => new(statements, null);

    public static Classification Refused(InputProblem problem) => new([], problem);
}
