using GitJit.Server.Alerts;

namespace GitJit.Server.Tests.Alerts;

public sealed class AlertThrottleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static RefusalAlert Refusal(string grant, string guardrail, DateTimeOffset at) =>
        new(grant, at, "gitjit_alice_0123456789", "10.0.0.5:50000", "psql", "delete", guardrail, "refused", "delete from marts.x", new Dictionary<string, int>());

    [Fact]
    public void The_first_refusal_goes_at_once_and_the_rest_of_the_interval_goes_as_one_summary()
    {
        var throttle = new AlertThrottle(TimeSpan.FromMinutes(5));
        Assert.NotNull(throttle.Offer(Refusal("acme/access#1", "requireWhere", T0), T0));
        var held = Refusal("acme/access#1", "requireWhere", T0.AddSeconds(10));
        Assert.Null(throttle.Offer(held, T0.AddSeconds(10)));
        for (var i = 0; i < 1000; i++) Assert.Null(throttle.Offer(Refusal("acme/access#1", i % 4 == 0 ? "blockedStatements" : "requireWhere", T0.AddSeconds(20)), T0.AddSeconds(20)));

        Assert.Empty(throttle.Due(T0.AddMinutes(4)));
        var summary = Assert.Single(throttle.Due(T0.AddMinutes(5)));
        Assert.Equal(held.At, summary.At);
        Assert.Equal(1000, summary.More);
        Assert.Equal(750, summary.MoreSince["requireWhere"]);
        Assert.Equal(250, summary.MoreSince["blockedStatements"]);

        // Nothing more held: the next interval passes quietly and the grant is forgotten.
        Assert.Empty(throttle.Due(T0.AddMinutes(10)));
        Assert.Equal(0, throttle.Count);
        Assert.NotNull(throttle.Offer(Refusal("acme/access#1", "requireWhere", T0.AddMinutes(11)), T0.AddMinutes(11)));
    }

    [Fact]
    public void Grants_are_throttled_apart()
    {
        var throttle = new AlertThrottle(TimeSpan.FromMinutes(5));
        Assert.NotNull(throttle.Offer(Refusal("acme/access#1", "requireWhere", T0), T0));
        Assert.NotNull(throttle.Offer(Refusal("acme/access#2", "requireWhere", T0), T0));
        Assert.Null(throttle.Offer(Refusal("acme/access#2", "requireWhere", T0.AddSeconds(1)), T0.AddSeconds(1)));
        var due = Assert.Single(throttle.Due(T0.AddMinutes(5)));
        Assert.Equal("acme/access#2", due.GrantId);
        Assert.Equal(0, due.More);
    }

    [Fact]
    public void The_comment_escapes_everything_a_statement_or_client_could_carry()
    {
        var alert = new RefusalAlert("acme/access#1", T0, "gitjit_alice_0123456789", "10.0.0.5:50000", "@acme/everyone `x`", "delete", "requireWhere",
            "DELETE on <b>marts.x</b> without a WHERE clause @acme/security", "delete from \"@acme/all\" where a = $1 `; drop", new Dictionary<string, int> { ["requireWhere"] = 3 });
        var body = alert.CommentBody();
        // Outside code spans (where GitHub never turns @name into a mention) no @ is left to notify anyone.
        Assert.DoesNotContain("@", System.Text.RegularExpressions.Regex.Replace(body, "`[^`]*`", ""), StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", body, StringComparison.Ordinal);
        Assert.Contains("…and 3 more statements refused since", body, StringComparison.Ordinal);
        Assert.Contains("requireWhere ×3", body, StringComparison.Ordinal);
        Assert.Contains("at **2026-12-03 12:00:00 UTC**", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("acme/access#12", "acme", "access", 12)]
    [InlineData("my-org/access.requests#7", "my-org", "access.requests", 7)]
    public void Grant_ids_name_their_pull_request(string grant, string owner, string repository, int number)
    {
        Assert.True(AlertJob.TryParseGrant(grant, out var o, out var r, out var n));
        Assert.Equal((owner, repository, number), (o, r, n));
    }

    [Theory]
    [InlineData("acme#12")]
    [InlineData("acme/access")]
    [InlineData("acme/access#")]
    [InlineData("acme/access#-1")]
    [InlineData("/access#1")]
    public void Other_ids_name_none(string grant) => Assert.False(AlertJob.TryParseGrant(grant, out _, out _, out _));
}
