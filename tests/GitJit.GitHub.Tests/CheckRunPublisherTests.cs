using GitJit.Core.Decisions;
using Octokit;

namespace GitJit.GitHub.Tests;

public sealed class CheckRunPublisherTests
{
    [Theory]
    [InlineData(DecisionStatus.Approved, "success")]
    [InlineData(DecisionStatus.AwaitingApproval, "action_required")]
    [InlineData(DecisionStatus.Refused, "failure")]
    public void Conclusion_FollowsTheDecision(DecisionStatus status, string conclusion)
    {
        Assert.Equal(conclusion, new StringEnum<CheckConclusion>(CheckRunPublisher.Conclusion(status)).StringValue);
    }
}
