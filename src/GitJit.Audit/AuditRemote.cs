namespace GitJit.Audit;

/// <summary>
/// Where audit records go: a clone URL (https, or a bare repository on disk), the branch, and for https the
/// installation token, sent as <c>x-access-token</c> and never written anywhere (not even by <see cref="ToString"/>).
/// </summary>
public sealed record AuditRemote(string CloneUrl, string Branch, string? Token)
{
    /// <summary>The clone URL without any user or password in it, fit for messages and logs.</summary>
    public string DisplayUrl => Uri.TryCreate(CloneUrl, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
        ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString()
        : CloneUrl;

    public override string ToString() => $"{DisplayUrl} {Branch}";
}
