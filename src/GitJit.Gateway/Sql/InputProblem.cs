namespace GitJit.Gateway.Sql;

/// <summary>Why a query string was not classified.</summary>
public enum InputProblemKind
{
    /// <summary>Longer in UTF-8 than <see cref="StatementClassifierOptions.MaxStatementBytes"/>.</summary>
    TooLarge,

    /// <summary>Holds a NUL character, which PostgreSQL never accepts in a query and C would read as its end.</summary>
    NulCharacter,

    /// <summary>Holds a lone UTF-16 surrogate, which has no UTF-8 form.</summary>
    InvalidUnicode,

    /// <summary>PostgreSQL's parser refused it.</summary>
    SyntaxError,
}

/// <summary>
/// A query string the classifier could not read, with a message for a person. The parser's message is kept without
/// the text it quotes from the query (which may be a literal value); <see cref="Position"/> says where instead.
/// </summary>
/// <param name="Kind">What kind of problem.</param>
/// <param name="Message">For a person; never a literal value from the query.</param>
/// <param name="Position">For a syntax error, the 1-based character position PostgreSQL reports; otherwise null.</param>
public sealed record InputProblem(InputProblemKind Kind, string Message, int? Position = null);
