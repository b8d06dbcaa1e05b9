using GitJit.Core.Grants;
using GitJit.Testing;

namespace GitJit.Server.Tests;

/// <summary>A real provider whose every issued password the world's secret scan knows, whoever asked for it.</summary>
internal sealed class RecordingAccessProvider(IAccessProvider inner, SecretScan secrets) : IAccessProvider, IAsyncDisposable
{
    public string Name => inner.Name;

    public async Task<AccessCredentials> IssueCredentialsAsync(ManagedAccess access, CancellationToken cancellationToken)
    {
        var credentials = await inner.IssueCredentialsAsync(access, cancellationToken);
        secrets.Add("a role's password", credentials.Secret);
        return credentials;
    }

    public Task<ManagedAccess> ProvisionAsync(Grant grant, CancellationToken cancellationToken) => inner.ProvisionAsync(grant, cancellationToken);

    public Task<ManagedAccess> ExtendAsync(ManagedAccess access, DateTimeOffset expiresAt, CancellationToken cancellationToken) => inner.ExtendAsync(access, expiresAt, cancellationToken);

    public Task<Revocation> RevokeAsync(ManagedAccess access, CancellationToken cancellationToken) => inner.RevokeAsync(access, cancellationToken);

    public Task<IReadOnlyList<ManagedAccess>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public Task<IReadOnlyList<OpenSessions>> SessionsAsync(CancellationToken cancellationToken) => inner.SessionsAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (inner is IAsyncDisposable disposable) await disposable.DisposeAsync();
    }
}
