using System.Text.Unicode;

namespace GitJit.Gateway.Sql;

/// <summary>A query string as libpg_query takes it: UTF-8, NUL-terminated, within the size the parser threads' stacks allow.</summary>
internal static class StatementText
{
    /// <summary>The NUL-terminated UTF-8 bytes of <paramref name="sql"/>, or why there are none.</summary>
    public static byte[]? Encode(string sql, int maxBytes, out InputProblem? problem)
    {
        problem = null;
        if (sql.Length > maxBytes)
        {
            problem = TooLarge(maxBytes);
            return null;
        }
        var nul = sql.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            problem = new InputProblem(InputProblemKind.NulCharacter,
                $"the statement holds a NUL character (at character {nul + 1}), which PostgreSQL never accepts");
            return null;
        }
        var buffer = new byte[Math.Min((long)sql.Length * 3, maxBytes + 3L) + 1];
        var status = Utf8.FromUtf16(sql, buffer.AsSpan(0, buffer.Length - 1), out _, out var written, replaceInvalidSequences: false);
        if (status == System.Buffers.OperationStatus.InvalidData)
        {
            problem = new InputProblem(InputProblemKind.InvalidUnicode, "the statement is not valid Unicode (it holds a lone surrogate)");
            return null;
        }
        if (status != System.Buffers.OperationStatus.Done || written > maxBytes)
        {
            problem = TooLarge(maxBytes);
            return null;
        }
        Array.Resize(ref buffer, written + 1);
        buffer[written] = 0;
        return buffer;
    }

    private static InputProblem TooLarge(int maxBytes) => new(InputProblemKind.TooLarge,
        $"the statement is longer than the gateway parses: at most {maxBytes} bytes (UTF-8)");
}
