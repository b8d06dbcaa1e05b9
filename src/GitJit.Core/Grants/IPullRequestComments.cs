namespace GitJit.Core.Grants;

/// <summary>
/// The comments the bot makes once per pull request and event (<c>granted</c>, <c>refused</c>, <c>revoked</c>), as the
/// App's installation. A comment is known by its name among the App's own comments, so asking again is harmless: a
/// retried job posts it when it is missing and never twice. Failures from GitHub surface as the adapter's exceptions.
/// </summary>
public interface IPullRequestComments
{
    /// <summary>
    /// Posts <paramref name="body"/> as the comment named <paramref name="name"/> on pull request
    /// <paramref name="number"/> of <paramref name="owner"/>/<paramref name="repository"/>, unless the App already did.
    /// </summary>
    Task EnsureAsync(long installation, string owner, string repository, int number, string name, string body, CancellationToken cancellationToken);
}
