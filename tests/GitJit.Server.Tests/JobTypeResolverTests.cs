using GitJit.Server.Jobs;
using Hangfire;
using Hangfire.Common;
using Hangfire.Storage;

namespace GitJit.Server.Tests;

public sealed class JobTypeResolverTests
{
    [Theory]
    [InlineData("GitJit.Server.PullRequestJob, GitJit.Server", typeof(PullRequestJob))]
    [InlineData("GitJit.Server.MergeJob, GitJit.Server", typeof(MergeJob))]
    [InlineData("GitJit.Server.CommentCommandJob, GitJit.Server", typeof(CommentCommandJob))]
    [InlineData("GitJit.Server.PullRequestCommand, GitJit.Server", typeof(PullRequestCommand))]
    [InlineData("GitJit.Server.MergeJob, GitJit.Server, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null", typeof(MergeJob))]
    [InlineData("GitJit.Server.Jobs.MergeJob, GitJit.Server", typeof(MergeJob))]
    [InlineData("GitJit.Server.Grants.RevokeJob, GitJit.Server", typeof(GitJit.Server.Grants.RevokeJob))]
    [InlineData("System.Threading.CancellationToken, mscorlib", typeof(CancellationToken))]
    public void StoredName_ResolvesToTheTypeItNamesNow(string stored, Type expected)
    {
        Assert.Equal(expected, JobTypeResolver.Resolve(stored));
    }

    [Fact]
    public void CommandJobQueuedBeforeTheLayout_LoadsWithItsArguments()
    {
        // Arrange: a job as Hangfire stored it when the job and its command argument were in GitJit.Server.
        GlobalConfiguration.Configuration.UseTypeResolver(JobTypeResolver.Resolve);
        var now = InvocationData.SerializeJob(Job.FromExpression<CommentCommandJob>(
            job => job.AnswerAsync(7, "acme", "access", 12, PullRequestCommand.Revoke, "alice", 42, CancellationToken.None)));
        var before = new InvocationData(
            now.Type.Replace("GitJit.Server.Jobs.", "GitJit.Server.", StringComparison.Ordinal),
            now.Method,
            now.ParameterTypes.Replace("GitJit.Server.Jobs.", "GitJit.Server.", StringComparison.Ordinal),
            now.Arguments);
        Assert.Contains("\"GitJit.Server.PullRequestCommand, GitJit.Server", before.ParameterTypes, StringComparison.Ordinal);

        // Act
        var job = before.DeserializeJob();

        // Assert
        Assert.Equal(typeof(CommentCommandJob), job.Type);
        Assert.Equal(nameof(CommentCommandJob.AnswerAsync), job.Method.Name);
        Assert.Equal(PullRequestCommand.Revoke, job.Args[4]);
        Assert.Equal("alice", job.Args[5]);
    }
}
