using GitJit.Testing;
using LibGit2Sharp;
using Npgsql;

namespace GitJit.Server.Tests;

/// <summary>The scan every end-to-end world runs at its end finds a secret wherever it may leak, and never prints it.</summary>
public sealed class SecretScanTests
{
    private const string Password = "correct-horse-battery-staple-42";

    [Fact]
    public async Task APlantedSecret_IsFoundInALogLine_AGitObject_AFile_AndADatabaseRow_ByWhatItIs_NeverByItsValue()
    {
        using var folder = new TemporaryDirectory();
        var remote = Path.Combine(folder.Path, "remote.git");
        Repository.Init(remote, isBare: true);
        using (var repository = new Repository(Repository.Init(Path.Combine(folder.Path, "work"))))
        {
            // Compressed on disk: only reading the objects finds it.
            await File.WriteAllTextAsync(Path.Combine(folder.Path, "work", "record.json"), $"{{\"note\":\"{Password}\"}}");
            Commands.Stage(repository, "record.json");
            var who = new Signature("t", "t@example.test", TimeProvider.System.GetUtcNow());
            repository.Commit("a record", who, who);
        }
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "state.json"), $"[\"{Password}\"]");
        var database = await TestPostgres.CreateDatabaseAsync();
        await using (var source = NpgsqlDataSource.Create(database))
        await using (var command = source.CreateCommand($"create table jobs (arguments text); insert into jobs values ('{{\"secret\":\"{Password}\"}}')"))
        {
            await command.ExecuteNonQueryAsync();
        }

        var scan = new SecretScan();
        scan.Add("a role's password", Password);
        scan.Add("too short to search for", "abc");
        scan.Watch("logs", () => [("log line 1", "started"), ("log line 2", $"connecting with Password={Password}")]);
        scan.Watch("files", () => SecretScan.Files(folder.Path));
        scan.Watch("database", () => SecretScan.Database(database));
        var hits = scan.Hits();

        Assert.Equal(1, scan.Count);
        Assert.Contains("a role's password in log line 2", hits);
        Assert.Contains(hits, h => h.StartsWith("a role's password in git blob ", StringComparison.Ordinal));
        Assert.Contains(hits, h => h.StartsWith("a role's password in file ", StringComparison.Ordinal) && h.EndsWith("state.json", StringComparison.Ordinal));
        Assert.Contains(hits, h => h.StartsWith("a role's password in database ", StringComparison.Ordinal));
        Assert.DoesNotContain(hits, h => h.Contains(Password, StringComparison.Ordinal));
        // The work tree's own copy of the file is a file too; nothing else has it.
        Assert.Equal(5, hits.Count);
    }

    [Fact]
    public void AKeysLines_AreEachASecret_SoPartOfAKeyIsFound()
    {
        var scan = new SecretScan();
        scan.AddPem("App private key", "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAzQ7rTmHx1nqJ0v1Zk3pLpW2y\nq8Vb0dC9mN2xR5tY7uI1oP3aS4dF6gH8jK0lZ2xC\n-----END RSA PRIVATE KEY-----\n");
        scan.Watch("a log", () => [("log line 9", "key: q8Vb0dC9mN2xR5tY7uI1oP3aS4dF6gH8jK0lZ2xC (truncated)")]);

        Assert.Equal(2, scan.Count);
        Assert.Equal(["App private key in log line 9"], scan.Hits());
    }
}
