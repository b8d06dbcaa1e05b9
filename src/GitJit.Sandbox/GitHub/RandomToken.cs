using System.Security.Cryptography;

namespace GitJit.Sandbox.GitHub;

/// <summary>Secrets shaped like GitHub's: a type prefix (ghs_, ghu_, ghr_) and random letters and digits.</summary>
internal static class RandomToken
{
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string Create(string prefix, int length) => prefix + RandomNumberGenerator.GetString(Alphanumeric, length);

    public static string Hex(int length) => RandomNumberGenerator.GetHexString(length, lowercase: true);
}
