using System.Runtime.InteropServices;
using GitJit.Gateway.Sql.Native;

namespace GitJit.Gateway.Tests;

public sealed class LibPgQueryTests
{
    [Fact]
    public void LibPgQuery_IsInstalled()
    {
        var loaded = NativeLibrary.TryLoad(PgQueryNative.SharedLibrary, out var handle);

        Assert.True(loaded, $"{PgQueryNative.SharedLibrary} is missing: these tests need PostgreSQL's parser, the Debian package libpg-query1504.0 (.ci/run installs it)");
        NativeLibrary.Free(handle);
    }

    [Fact]
    public async Task Parser_IsPostgreSql15()
    {
        var classification = await Parser.ClassifyAsync("merge into t using s on t.id = s.id when matched then delete");

        Assert.Null(classification.Problem);
    }
}
