using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using CsCheck;
using GitJit.Core.Audit;
using GitJit.Core.CodeOwners;
using GitJit.Core.Decisions;
using GitJit.Core.Model;
using GitJit.Testing;

namespace GitJit.Core.Tests.Properties;

/// <summary>Alone: the memory bound reads the process's allocations, which other tests running beside it would swell.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MutatedFilesCollection
{
    public const string Name = "mutated-files";
}

/// <summary>
/// Valid files of this repository, mutated at random: whatever the change, reading and validating ends — never an
/// exception — in findings that name the file and a place in it, or in a valid reading, within a bounded time and
/// memory. A failure prints the seed that reproduces it (CsCheck).
/// </summary>
[Collection(MutatedFilesCollection.Name)]
public sealed class MutatedFileTests
{
    private const int Iterations = 1500;
    private static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(5);
    private const long MemoryBound = 128L * 1024 * 1024;

    private static readonly string[] RequestFiles = [.. ProjectFiles.ExampleFiles().Where(f => f.Key.StartsWith("access-requests/", StringComparison.Ordinal)).Select(f => Encoding.UTF8.GetString(f.Value))];

    [Fact]
    public void MutatedRequests_EndInFindingsOrAValidRequest_InBoundedTimeAndMemory()
    {
        Gen.Select(Gen.Int[0, RequestFiles.Length - 1], Mutation.Gen.Array[1, 6]).Sample((seed, mutations) =>
        {
            var bytes = Mutation.ApplyAll(RequestFiles[seed], mutations);
            var evaluation = Bounded(() => TestAccess.EvaluateAsync(bytes));
            AssertFindingsAreWellFormed(evaluation.Findings, Requests.AlicePath, bytes);
            if (!evaluation.HasErrors) Assert.NotNull(evaluation.Document.Request);
            if (evaluation.Document.Request is null) Assert.True(evaluation.HasErrors, "an unreadable request without an error");
        }, iter: Iterations, threads: 1);
    }

    [Fact]
    public void MutatedPolicies_EndInFindingsOrAValidPolicy_InBoundedTimeAndMemory()
    {
        var policy = ProjectFiles.Read("policies/orders-db.yaml");
        Mutation.Gen.Array[1, 6].Sample(mutations =>
        {
            var bytes = Mutation.ApplyAll(policy, mutations);
            var repository = TestAccess.ExampleRepository().With("policies/orders-db.yaml", bytes);
            var report = Bounded(() => RepositoryValidator.ValidateAsync(repository, TeamDirectory.Unknown, TestAccess.Now, CancellationToken.None));
            AssertFindingsAreWellFormed(report.Findings.Where(f => f.Path == "policies/orders-db.yaml"), "policies/orders-db.yaml", bytes);
        }, iter: Iterations, threads: 1);
    }

    [Fact]
    public void MutatedCodeOwners_EndInRulesAndFindings_InBoundedTimeAndMemory()
    {
        var codeOwners = ProjectFiles.Read(".github/CODEOWNERS");
        Mutation.Gen.Array[1, 6].Sample(mutations =>
        {
            var bytes = Mutation.ApplyAll(codeOwners, mutations);
            var file = Bounded(() => Task.FromResult(CodeOwnersFile.Parse(".github/CODEOWNERS", bytes)));
            AssertFindingsAreWellFormed(file.Findings, ".github/CODEOWNERS", bytes);
            _ = Bounded(() => Task.FromResult(file.OwnersOf("access-requests/orders-db/alice.yaml")));
        }, iter: Iterations, threads: 1);
    }

    [Fact]
    public void MutatedAuditRecords_AreReadOrRefusedWithAReason_NeverThrow()
    {
        var record = Encoding.UTF8.GetString(AuditJson.Write(new AuditRecord
        {
            Event = AuditEvent.Granted, Request = "acme/access#7", At = new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero), PullRequest = 7,
            Requester = "alice", RequesterId = 42, Approvals = [new AuditApproval("olga", 9, new string('a', 40), 43)], Resource = "orders-db", Role = "read-only",
            Provider = "postgres", Principal = "gitjit_alice_0123456789", Guardrails = new Guardrails { Privileges = ["select"], Tables = ["public.orders"] },
            GrantedAt = new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero), ExpiresAt = new DateTimeOffset(2026, 12, 3, 11, 0, 0, TimeSpan.Zero),
        }));
        Mutation.Gen.Array[1, 6].Sample(mutations =>
        {
            var bytes = Mutation.ApplyAll(record, mutations);
            var (read, problem) = Bounded(() => Task.FromResult(AuditJson.TryRead(bytes, out var parsed, out var why) ? (parsed, "") : (null, why)));
            Assert.True(read is not null || problem.Length > 0, "refused without a reason");
        }, iter: Iterations, threads: 1);
    }

    /// <summary>Runs one reading, bounded in time (as a hung reader would show) and in the memory it allocates.</summary>
    [SuppressMessage("Usage", "VSTHRD002:Avoid problematic synchronous waits", Justification = 
        "CsCheck's Sample calls back synchronously; the reading runs on the thread pool, and the timed wait is the time bound.")]
    private static T Bounded<T>(Func<Task<T>> read)
    {
        var before = GC.GetTotalAllocatedBytes(precise: false);
        var clock = Stopwatch.StartNew();
        var task = Task.Run(read);
        Assert.True(task.Wait(TimeBound), $"still reading after {TimeBound.TotalSeconds} s");
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - before;
        Assert.True(allocated < MemoryBound, $"allocated {allocated / 1024 / 1024} MB reading one file ({clock.ElapsedMilliseconds} ms)");
        return task.Result;
    }

    private static void AssertFindingsAreWellFormed(IEnumerable<Finding> findings, string path, byte[] bytes)
    {
        // Lines as YAML counts them (a lone CR breaks a line too, CRLF is one break), and one past the end.
        var lines = LineBreaks(bytes) + 2;
        foreach (var finding in findings)
        {
            Assert.Equal(path, finding.Path);
            Assert.Matches("^[a-z]+\\.[a-z-]+$", finding.Code);
            Assert.False(string.IsNullOrWhiteSpace(finding.Message));
            Assert.DoesNotContain(finding.Message, c => char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format);
            Assert.InRange(finding.Line, 0, lines);
        }
    }

    private static int LineBreaks(byte[] bytes)
    {
        var breaks = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n' || (bytes[i] == (byte)'\r' && (i + 1 == bytes.Length || bytes[i + 1] != (byte)'\n'))) breaks++;
            // NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR in UTF-8: line breaks to YamlDotNet as well.
            if (bytes.AsSpan(i).StartsWith("\u0085"u8) || bytes.AsSpan(i).StartsWith("\u2028"u8) || bytes.AsSpan(i).StartsWith("\u2029"u8)) breaks++;
        }
        return breaks;
    }
}
