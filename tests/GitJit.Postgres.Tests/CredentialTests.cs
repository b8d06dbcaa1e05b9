using GitJit.Core.Model;
using static GitJit.Postgres.Tests.TestTarget;

namespace GitJit.Postgres.Tests;

public sealed class CredentialTests
{
    [Fact]
    public async Task IssuedCredentials_SayWhereToConnect_WithARandomUrlSafePassword_RotatedEachTime()
    {
        await using var target = await TestTarget.CreateAsync();
        var access = await target.Provider.ProvisionAsync(target.NewGrant(Guardrails.None), CancellationToken.None);
        var admin = new Npgsql.NpgsqlConnectionStringBuilder(target.ConnectionString);

        var first = await target.Provider.IssueCredentialsAsync(access, CancellationToken.None);
        var second = await target.Provider.IssueCredentialsAsync(access, CancellationToken.None);

        Assert.Equal((admin.Host, admin.Port, target.Database, access.Principal), (first.Host, first.Port, first.Database, first.User));
        Assert.Matches("^[A-Za-z0-9_-]{43}$", first.Secret);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", second.Secret);
        Assert.NotEqual(first.Secret, second.Secret);
        Assert.DoesNotContain(first.Secret, first.ToString(), StringComparison.Ordinal);
        Assert.Equal(await StoredVerifierForAsync(target, access.Principal, second.Secret), await StoredPasswordAsync(target, access.Principal));
    }

    [Fact]
    public async Task Verifier_IsTheOnePostgresItselfComputes()
    {
        await using var target = await TestTarget.CreateAsync();
        var role = $"scram_{Guid.NewGuid():N}";
        await using var connection = await target.Admin.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ScalarAsync(connection, $"set local password_encryption = 'scram-sha-256'; create role {role} password 'correct horse battery staple'");

        var stored = (string)(await ScalarAsync(connection, $"select rolpassword from pg_authid where rolname = '{role}'"))!;
        var (salt, iterations) = SaltOf(stored);

        Assert.Equal(stored, ScramSha256.Verifier("correct horse battery staple", salt, iterations));
        Assert.NotEqual(stored, ScramSha256.Verifier("correct horse battery stapler", salt, iterations));
    }

    [Fact]
    public async Task ExpiredGrant_GetsNoCredentials()
    {
        await using var target = await TestTarget.CreateAsync();
        var access = await target.Provider.ProvisionAsync(target.NewGrant(Guardrails.None), CancellationToken.None);
        target.Time.Advance(TimeSpan.FromHours(2));

        await Assert.ThrowsAsync<InvalidOperationException>(() => target.Provider.IssueCredentialsAsync(access, CancellationToken.None));

        Assert.True(await target.ScalarAsync<bool>("select rolpassword is null from pg_authid where rolname = $1", access.Principal));
    }

    [Fact]
    public async Task CredentialsForAnotherGrantsAccess_AreRefused()
    {
        await using var target = await TestTarget.CreateAsync();
        var access = await target.Provider.ProvisionAsync(target.NewGrant(Guardrails.None), CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => target.Provider.IssueCredentialsAsync(access with { GrantId = "acme/other#1" }, CancellationToken.None));

        Assert.True(await target.ScalarAsync<bool>("select rolpassword is null from pg_authid where rolname = $1", access.Principal));
    }

    private static Task<string> StoredPasswordAsync(TestTarget target, string role) =>
        target.ScalarAsync<string>("select rolpassword from pg_authid where rolname = $1", role);

    /// <summary>The verifier of <paramref name="password"/> with the salt and iterations PostgreSQL stored for the role.</summary>
    private static async Task<string> StoredVerifierForAsync(TestTarget target, string role, string password)
    {
        var (salt, iterations) = SaltOf(await StoredPasswordAsync(target, role));
        return ScramSha256.Verifier(password, salt, iterations);
    }

    private static (byte[] Salt, int Iterations) SaltOf(string verifier)
    {
        var match = System.Text.RegularExpressions.Regex.Match(verifier, @"^SCRAM-SHA-256\$(\d+):([^$]+)\$");
        Assert.True(match.Success, "not a SCRAM-SHA-256 verifier");
        return (Convert.FromBase64String(match.Groups[2].Value), int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }
}
