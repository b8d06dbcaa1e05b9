using GitJit.Gateway.Sql.Native;

namespace GitJit.Gateway.Sql.Reading;

/// <summary>
/// The parser's error as an <see cref="InputProblem"/>. PostgreSQL ends a syntax error with the text it stopped at
/// (<c>at or near "'s3cret'"</c>), which may be a literal value or the rest of an unterminated string: that part is
/// replaced by the position.
/// </summary>
internal static class ParserMessages
{
    private const string AtOrNear = " at or near \"";

    public static InputProblem Problem(ParserError error)
    {
        var message = error.Message;
        var near = message.IndexOf(AtOrNear, StringComparison.Ordinal);
        if (near >= 0)
        {
            message = message[..near];
        }
        var position = error.CursorPosition > 0 ? error.CursorPosition : (int?)null;
        var where = position is { } at ? $" at character {at}" : "";
        return new InputProblem(InputProblemKind.SyntaxError, message + where, position);
    }
}
