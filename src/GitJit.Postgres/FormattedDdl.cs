using System.Text;
using Npgsql;

namespace GitJit.Postgres;

/// <summary>
/// DDL (CREATE ROLE, GRANT, COMMENT, ALTER ROLE) takes no bind parameters, so PostgreSQL itself quotes what goes into
/// it: each statement is a constant template for <c>format()</c> — <c>%I</c> for identifiers and <c>%L</c> for literals,
/// whose arguments must be strings, and <c>%s</c> only for integers — and its arguments travel as bind parameters. One
/// round trip formats the whole script, a second runs it. No name or value is ever concatenated into SQL here.
/// </summary>
internal sealed class FormattedDdl
{
    private readonly List<Statement> statements = [];

    public bool IsEmpty => statements.Count == 0;

    /// <summary>Adds a statement; throws when an argument does not fit its directive (so <c>%s</c> never carries text).</summary>
    public FormattedDdl Add(string template, params object[] arguments)
    {
        var directives = Directives(template);
        if (directives.Count != arguments.Length)
        {
            throw new ArgumentException($"template has {directives.Count} directive(s) but {arguments.Length} argument(s) were given", nameof(arguments));
        }
        for (var i = 0; i < arguments.Length; i++)
        {
            var fits = directives[i] == 's' ? arguments[i] is int : arguments[i] is string;
            if (!fits) throw new ArgumentException($"argument {i} does not fit %{directives[i]} (%I and %L take strings, %s only integers)", nameof(arguments));
        }
        statements.Add(new Statement(template, arguments));
        return this;
    }

    public async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        if (IsEmpty) return;
        var formatted = await FormatAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var sql in formatted) batch.BatchCommands.Add(new NpgsqlBatchCommand(sql));
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<string[]> FormatAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder("select array[");
        await using var command = new NpgsqlCommand { Connection = connection, Transaction = transaction };
        foreach (var statement in statements)
        {
            if (command.Parameters.Count > 0) sql.Append(", ");
            sql.Append("format(").Append(Placeholder(command, statement.Template));
            foreach (var argument in statement.Arguments) sql.Append(", ").Append(Placeholder(command, argument));
            sql.Append(')');
        }
        command.CommandText = sql.Append("]::text[]").ToString();
        return (string[])(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static string Placeholder(NpgsqlCommand command, object value)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = value });
        return "$" + command.Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The template's directives in order; anything but <c>%I</c>, <c>%L</c>, <c>%s</c> and <c>%%</c> is refused.</summary>
    private static List<char> Directives(string template)
    {
        var directives = new List<char>();
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] != '%') continue;
            var next = i + 1 < template.Length ? template[i + 1] : '\0';
            if (next is not ('I' or 'L' or 's' or '%')) throw new ArgumentException($"unsupported format directive at {i} in '{template}'", nameof(template));
            if (next != '%') directives.Add(next);
            i++;
        }
        return directives;
    }

    private sealed record Statement(string Template, object[] Arguments);
}
