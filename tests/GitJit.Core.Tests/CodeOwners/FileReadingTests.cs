using System.Text;
using GitJit.Core.CodeOwners;

namespace GitJit.Core.Tests.CodeOwners;

public sealed class FileReadingTests
{
    [Fact]
    public void FileOverThreeMegabytes_IsNotLoaded()
    {
        // Arrange
        var line = Encoding.UTF8.GetBytes("* @everyone\n");
        var content = new byte[CodeOwnersFile.MaxBytes + 1];
        line.CopyTo(content, 0);
        content.AsSpan(line.Length).Fill((byte)'\n');

        // Act
        var file = CodeOwnersFile.Parse("CODEOWNERS", content);

        // Assert
        Assert.Empty(file.Rules);
        Assert.Empty(file.OwnersOf("README.md"));
        var finding = Assert.Single(file.Findings);
        Assert.Equal(("codeowners.too-large", Severity.Error, 0), (finding.Code, finding.Severity, finding.Line));
    }

    [Fact]
    public void FileOfExactlyThreeMegabytes_IsLoaded()
    {
        // Arrange
        var text = "* @everyone\n" + new string('\n', CodeOwnersFile.MaxBytes - 12);

        // Act
        var file = CodeOwnersFile.Parse("CODEOWNERS", text);

        // Assert
        Assert.Empty(file.Findings);
        Assert.Single(file.Rules);
    }

    [Fact]
    public void TextOverThreeMegabytesOfUtf8_IsNotLoaded()
    {
        // Arrange: 1.1 million three-byte characters in a comment.
        var text = "* @everyone\n# " + new string('€', 1_100_000);

        // Act
        var file = CodeOwnersFile.Parse("CODEOWNERS", text);

        // Assert
        Assert.Empty(file.Rules);
        Assert.Equal("codeowners.too-large", Assert.Single(file.Findings).Code);
    }

    [Fact]
    public void InvalidUtf8_IsRefusedWithTheLineOfTheBadByte()
    {
        // Arrange
        byte[] content = [.. "* @everyone\n/docs/ @doctocat\n/caf"u8, 0xE9, .. " @bad\n"u8];

        // Act
        var file = CodeOwnersFile.Parse("CODEOWNERS", content);

        // Assert
        Assert.Empty(file.Rules);
        var finding = Assert.Single(file.Findings);
        Assert.Equal(("codeowners.encoding", 3), (finding.Code, finding.Line));
    }

    [Fact]
    public void Utf8Bytes_WithByteOrderMarkAndCrLf_AreRead()
    {
        // Arrange
        byte[] content = [0xEF, 0xBB, 0xBF, .. "* @everyone\r\n/café/ @barista\r\n"u8];

        // Act
        var file = CodeOwnersFile.Parse("CODEOWNERS", content);

        // Assert
        Assert.Empty(file.Findings);
        Assert.Equal(["*", "/café/"], file.Rules.Select(r => r.Pattern));
        Assert.Equal("@barista", file.OwnersOf("café/menu.md").Single().ToString());
    }
}
