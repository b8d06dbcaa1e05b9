using GitJit.Gateway.Sql;

namespace GitJit.Gateway.Tests;

public sealed class InputTests
{
    [Fact]
    public async Task Statement_AtTheLimit_IsParsed_AndOneByteMore_IsRefused()
    {
        using var classifier = new StatementClassifier(new StatementClassifierOptions { MaxStatementBytes = 1024 });
        var atLimit = "select 1" + new string(' ', 1024 - 8);

        var parsed = await classifier.ClassifyAsync(atLimit);
        var refused = await classifier.ClassifyAsync(atLimit + " ");

        Assert.Null(parsed.Problem);
        Assert.Equal(InputProblemKind.TooLarge, refused.Problem?.Kind);
        Assert.Contains("at most 1024 bytes", refused.Problem!.Message, StringComparison.Ordinal);
        Assert.Empty(refused.Statements);
    }

    [Fact]
    public async Task Limit_CountsUtf8Bytes_NotCharacters()
    {
        using var classifier = new StatementClassifier(new StatementClassifierOptions { MaxStatementBytes = 1024 });
        var sql = "select '" + new string('é', 600) + "'";

        var classification = await classifier.ClassifyAsync(sql);

        Assert.Equal(InputProblemKind.TooLarge, classification.Problem?.Kind);
    }

    [Fact]
    public async Task DefaultLimit_Is256KiB()
    {
        var classification = await Parser.ClassifyAsync("select 1" + new string(' ', 256 * 1024));

        Assert.Equal(256 * 1024, Parser.Shared.Options.MaxStatementBytes);
        Assert.Equal(InputProblemKind.TooLarge, classification.Problem?.Kind);
    }

    [Fact]
    public async Task NulCharacter_IsRefused_BeforeTheParserCouldStopThere()
    {
        var classification = await Parser.ClassifyAsync("select 1\0; drop table orders");
        var normalized = await Parser.Shared.NormalizeAsync("select 1\0; drop table orders");

        Assert.Equal(InputProblemKind.NulCharacter, classification.Problem?.Kind);
        Assert.Contains("character 9", classification.Problem!.Message, StringComparison.Ordinal);
        Assert.Equal(InputProblemKind.NulCharacter, normalized.Problem?.Kind);
    }

    [Fact]
    public async Task LoneSurrogate_IsRefused()
    {
        var classification = await Parser.ClassifyAsync("select '\ud800'");

        Assert.Equal(InputProblemKind.InvalidUnicode, classification.Problem?.Kind);
    }

    [Theory]
    [InlineData("selec 1", 1, "syntax error at character 1")]
    [InlineData("select 's3cret' 'more'", 17, "syntax error at character 17")]
    [InlineData("select 1; select 'unterminated s3cret", 18, "unterminated quoted string at character 18")]
    [InlineData("select $$ s3cret", 8, "unterminated dollar-quoted string at character 8")]
    [InlineData("select 1 /* s3cret", 10, "unterminated /* comment at character 10")]
    [InlineData("select 1 +", 11, "syntax error at end of input at character 11")]
    public async Task SyntaxError_IsRefused_WithThePositionAndWithoutTheQuotedText(string sql, int position, string message)
    {
        var classification = await Parser.ClassifyAsync(sql);

        Assert.Equal(InputProblemKind.SyntaxError, classification.Problem?.Kind);
        Assert.Equal(position, classification.Problem!.Position);
        Assert.Equal(message, classification.Problem.Message);
        Assert.DoesNotContain("s3cret", classification.Problem.Message, StringComparison.Ordinal);
        Assert.Empty(classification.Statements);
    }

    [Fact]
    public async Task SyntaxError_Position_CountsCharacters()
    {
        var classification = await Parser.ClassifyAsync("select 'ééé' x y");

        Assert.Equal(16, classification.Problem?.Position);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("-- only a comment")]
    [InlineData(";;")]
    public async Task NothingToRun_HasNoStatementAndNoProblem(string sql)
    {
        var classification = await Parser.ClassifyAsync(sql);

        Assert.Null(classification.Problem);
        Assert.Empty(classification.Statements);
    }

    [Fact]
    public async Task Statements_KnowWhereTheyAreInTheText()
    {
        const string sql = "select 'é'; /* two */ delete from t where id = 1;\nshow all";

        var statements = (await Parser.ClassifyAsync(sql)).Statements;

        Assert.Equal(["select 'é'", " /* two */ delete from t where id = 1", "\nshow all"], statements.Select(s => sql.Substring(s.Start, s.Length)));
        Assert.Equal([0, 1, 2], statements.Select(s => s.Index));
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(2 * 1024 * 1024, 2)]
    [InlineData(1024, 0)]
    [InlineData(1024, 17)]
    public void Options_OutOfRange_AreRefusedWhenTheClassifierIsMade(int maxStatementBytes, int parserThreads)
    {
        var options = new StatementClassifierOptions { MaxStatementBytes = maxStatementBytes, ParserThreads = parserThreads };

        Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(() => new StatementClassifier(options));
    }

    [Fact]
    public void ParserStack_Is512BytesPerStatementByte_AndAtLeast64MiB()
    {
        Assert.Equal(64 * 1024 * 1024, new StatementClassifierOptions { MaxStatementBytes = 1024 }.ParserStackBytes);
        Assert.Equal(128 * 1024 * 1024, new StatementClassifierOptions().ParserStackBytes);
        Assert.Equal(512 * 1024 * 1024, new StatementClassifierOptions { MaxStatementBytes = 1024 * 1024 }.ParserStackBytes);
    }
}
