using System.Security.Cryptography;

namespace GitJit.Testing.FakeGitHub;

/// <summary>A registered GitHub App: its id, slug and RSA key pair. Comments it posts are by "<c>slug</c>[bot]".</summary>
public sealed class FakeApp
{
    private readonly FakeGitHubState state;

    internal FakeApp(FakeGitHubState state, long appId, string slug)
    {
        this.state = state;
        AppId = appId;
        Slug = slug;
        using var rsa = RSA.Create(2048);
        PrivateKeyPem = rsa.ExportRSAPrivateKeyPem();
        PublicKey = rsa.ExportParameters(includePrivateParameters: false);
    }

    public long AppId { get; }

    public string Slug { get; }

    public string BotLogin => Slug + "[bot]";

    /// <summary>The private key as GitHub hands it out: PKCS#1, "-----BEGIN RSA PRIVATE KEY-----".</summary>
    public string PrivateKeyPem { get; }

    internal RSAParameters PublicKey { get; }

    public FakeInstallation AddInstallation(long installationId, string account)
    {
        lock (state.Gate)
        {
            var installation = new FakeInstallation(this, installationId, account);
            state.Installations.Add(installationId, installation);
            return installation;
        }
    }
}
