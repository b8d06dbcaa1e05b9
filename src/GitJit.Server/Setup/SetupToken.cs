using System.Security.Cryptography;
using System.Text;

namespace GitJit.Server.Setup;

/// <summary>
/// The one-time token <c>/setup</c> asks for besides an allowed address: written 0600 into the data directory when setup
/// mode starts (<see cref="FileName"/>, read with the server's user's rights), given as <c>/setup?token=…</c> once and kept
/// by the browser in an HttpOnly cookie. A proxy on this machine that does not say who its client is makes every client
/// look like loopback; the token is what such a client does not have. Deleted once the App is stored.
/// </summary>
internal sealed class SetupToken
{
    public const string FileName = "setup-token";
    public const string Cookie = "gitjit-setup-token";

    private readonly byte[] value;

    private SetupToken(string text, string file)
    {
        Text = text;
        File = file;
        value = Encoding.ASCII.GetBytes(text);
    }

    public string Text { get; }

    /// <summary>Where it is written.</summary>
    public string File { get; }

    /// <summary>A new token, written to <see cref="FileName"/> in <paramref name="dataDirectory"/>.</summary>
    public static SetupToken Create(string dataDirectory)
    {
        var token = new SetupToken(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)), Path.Combine(dataDirectory, FileName));
        StoredApp.WriteSecret(dataDirectory, FileName, token.Text + "\n");
        return token;
    }

    public bool Matches(string? given) =>
        given is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(given), value);

    /// <summary>Removes the file; the App exists, and setup is over.</summary>
    public void Delete() => System.IO.File.Delete(File);
}
