using GitJit.Gateway.Sql;

namespace GitJit.Gateway.Tests;

public sealed class CacheTests
{
    [Fact]
    public async Task SameText_GetsTheSameClassification()
    {
        using var classifier = new StatementClassifier();

        var first = await classifier.ClassifyAsync("select * from orders where id = 1");
        var second = await classifier.ClassifyAsync("select * from orders where id = 1");
        var other = await classifier.ClassifyAsync("select * from orders where id = 2");

        Assert.Same(first, second);
        Assert.NotSame(first, other);
        Assert.Equal(Describe.Classification(first), Describe.Classification(other));
    }

    [Fact]
    public async Task RefusedText_IsCachedToo()
    {
        using var classifier = new StatementClassifier();

        var first = await classifier.ClassifyAsync("selec 1");
        var second = await classifier.ClassifyAsync("selec 1");

        Assert.Same(first, second);
    }

    [Fact]
    public async Task NoCache_ParsesEveryTime()
    {
        using var classifier = new StatementClassifier(new StatementClassifierOptions { CacheEntries = 0 });

        var first = await classifier.ClassifyAsync("select 1");
        var second = await classifier.ClassifyAsync("select 1");

        Assert.NotSame(first, second);
    }

    [Fact]
    public async Task LongText_IsNotKept()
    {
        using var classifier = new StatementClassifier(new StatementClassifierOptions { CacheableLength = 16 });
        var sql = "select 1" + new string(' ', 16);

        var first = await classifier.ClassifyAsync(sql);
        var second = await classifier.ClassifyAsync(sql);

        Assert.NotSame(first, second);
    }

    [Fact]
    public void Cache_KeepsItsCapacity_DroppingTheLeastRecentlyUsed()
    {
        var cache = new TextCache<Classification>(capacity: 2, maxTextLength: 100);
        var (a, b, c) = (Classification.Of([]), Classification.Of([]), Classification.Of([]));

        cache.Add("a", a);
        cache.Add("b", b);
        Assert.True(cache.TryGet("a", out _));
        cache.Add("c", c);

        Assert.Equal(2, cache.Count);
        Assert.True(cache.TryGet("a", out var stillA));
        Assert.Same(a, stillA);
        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("c", out _));
    }
}
