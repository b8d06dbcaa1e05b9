using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GitJit.Gateway.Sessions;
using GitJit.Testing;
using Npgsql;

namespace GitJit.Gateway.Tests.Wire;

/// <summary>How clients log in: SCRAM-SHA-256 against the login's verifier, TLS, startup parameters.</summary>
public sealed class LoginTests
{
    [Fact]
    public async Task WrongPassword_AndUnknownUser_GetTheSameFatal28P01()
    {
        await using var gateway = await GatewayHarness.StartAsync();

        await using var wrong = new NpgsqlConnection(gateway.ConnectionString(password: "not-it"));
        var wrongError = await Assert.ThrowsAsync<PostgresException>(() => wrong.OpenAsync());
        await using var unknown = new NpgsqlConnection(gateway.ConnectionString(user: "nobody_here"));
        var unknownError = await Assert.ThrowsAsync<PostgresException>(() => unknown.OpenAsync());

        Assert.Equal("28P01", wrongError.SqlState);
        Assert.Equal($"password authentication failed for user \"{gateway.Login.User}\"", wrongError.MessageText);
        Assert.Equal("28P01", unknownError.SqlState);
        Assert.Equal("password authentication failed for user \"nobody_here\"", unknownError.MessageText);
        Assert.Equal(0, await gateway.UpstreamSessionsAsync());
        Assert.Empty(gateway.Events.StartedSessions);
    }

    [Fact]
    public async Task UpstreamLoginFailure_IsAClearFatal_WithNothingSecretInIt()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        var broken = gateway.Login with { User = "gw_broken_login", Upstream = gateway.Login.Upstream with { Password = "wrong-upstream-secret" } };
        gateway.Logins.Add(broken);

        await using var connection = new NpgsqlConnection(gateway.ConnectionString(user: broken.User));
        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());

        Assert.Equal("08006", error.SqlState);
        Assert.Contains(gateway.Login.GrantId, error.MessageText, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-upstream-secret", error.ToString(), StringComparison.Ordinal);
        Assert.All(gateway.Log.WithId(3005), logged => Assert.Contains("SQLSTATE 28P01", logged.Message, StringComparison.Ordinal));
        Assert.NotEmpty(gateway.Log.WithId(3005));
        Assert.All(gateway.Log.Entries, e => Assert.DoesNotContain("wrong-upstream-secret", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task MoreSessionsThanTheRolesConnectionLimit_AreRefused_NamingMaxConnections()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        await gateway.AdminScalarAsync<int>($"alter role {gateway.Login.Upstream.User} connection limit 1; select 1");
        await using var first = await gateway.OpenAsync();

        await using var second = new NpgsqlConnection(gateway.ConnectionString());
        var error = await Assert.ThrowsAsync<PostgresException>(() => second.OpenAsync());

        Assert.Equal("53300", error.SqlState);
        Assert.Contains("maxConnections", error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartupOptions_AreRefused_BecauseTheyCanChangeHeldSettings()
    {
        await using var gateway = await GatewayHarness.StartAsync();

        await using var connection = new NpgsqlConnection(gateway.ConnectionString(extra: "Options=-c statement_timeout=0"));
        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());

        Assert.Equal("0A000", error.SqlState);
        Assert.Contains("\"options\"", error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_WithTheGatewaysCertificate_Works_AndRequireTls_RefusesPlaintext()
    {
        using var directory = new TemporaryDirectory();
        var (certificate, key) = WriteSelfSignedCertificate(directory.Path);
        await using var gateway = await GatewayHarness.StartAsync(options: new GatewayOptions { Certificate = certificate, CertificateKey = key, RequireTls = true });

        await using (var secure = new NpgsqlConnection(gateway.ConnectionString().Replace("SSL Mode=Disable", "SSL Mode=Require", StringComparison.Ordinal)))
        {
            await secure.OpenAsync();
            await using var command = new NpgsqlCommand("select count(*) from orders", secure);
            Assert.Equal(10L, await command.ExecuteScalarAsync());
        }
        var psql = await Tool.RunAsync("/usr/bin/psql", ["-X", "-A", "-t", "-h", "127.0.0.1", "-p", gateway.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", gateway.Login.User, "-d", "orders", "-c", "select ssl from pg_stat_ssl where pid = pg_backend_pid()"],
            new Dictionary<string, string> { ["PGPASSWORD"] = GatewayHarness.Password, ["PGSSLMODE"] = "require", ["PGCLIENTENCODING"] = "UTF8" }, seconds: 30);
        // libpq over TLS: SCRAM with the GS2 header "y,,", as channel binding is not offered; upstream is plaintext here.
        Assert.True(psql.ExitCode == 0, psql.Error);
        Assert.Equal("f", psql.Output.Trim());
        var plainPsql = await Tool.RunAsync("/usr/bin/psql", ["-X", "-h", "127.0.0.1", "-p", gateway.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", gateway.Login.User, "-d", "orders", "-c", "select 1"],
            new Dictionary<string, string> { ["PGPASSWORD"] = GatewayHarness.Password, ["PGSSLMODE"] = "disable", ["PGCLIENTENCODING"] = "UTF8" }, seconds: 30);
        Assert.NotEqual(0, plainPsql.ExitCode);
        Assert.Contains("connections without TLS are refused", plainPsql.Error, StringComparison.Ordinal);
        await using var plain = new NpgsqlConnection(gateway.ConnectionString());
        var error = await Assert.ThrowsAsync<PostgresException>(() => plain.OpenAsync());

        Assert.Equal("28000", error.SqlState);
        Assert.Contains("without TLS", error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutACertificate_SslRequestIsAnsweredNo_AndPreferFallsBackToPlaintext()
    {
        await using var gateway = await GatewayHarness.StartAsync();

        await using var connection = new NpgsqlConnection(gateway.ConnectionString().Replace("SSL Mode=Disable", "SSL Mode=Prefer", StringComparison.Ordinal));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select 1", connection);

        Assert.Equal(1, await command.ExecuteScalarAsync());
    }

    private static (string Certificate, string Key) WriteSelfSignedCertificate(string directory)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(1));
        var certificatePath = Path.Combine(directory, "gateway.crt");
        var keyPath = Path.Combine(directory, "gateway.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }
}
