using System.Collections.Concurrent;
using GitJit.Core.CodeOwners;
using GitJit.Core.Documents;
using GitJit.Core.Schemas;
using GitJit.Core.Yaml;

namespace GitJit.Core.Repository;

/// <summary>
/// The rules of an access repository at one commit: its schemas (the repository's own, else GitJit's built-in ones),
/// its CODEOWNERS and, read on demand and once each, its policies. Safe to use from several threads.
/// </summary>
public sealed class AccessRepository
{
    public const string RequestsDirectory = "access-requests";
    public const string PoliciesDirectory = "policies";

    private readonly IRepositorySnapshot snapshot;
    private readonly ConcurrentDictionary<string, Lazy<Task<PolicyDocument?>>> policies = new(StringComparer.Ordinal);

    private AccessRepository(IRepositorySnapshot snapshot, AccessSchema requestSchema, AccessSchema policySchema, CodeOwnersFile codeOwners, IReadOnlyList<Finding> findings)
    {
        this.snapshot = snapshot;
        RequestSchema = requestSchema;
        PolicySchema = policySchema;
        CodeOwners = codeOwners;
        Findings = findings;
    }

    public IRepositorySnapshot Snapshot => snapshot;

    public AccessSchema RequestSchema { get; }

    public AccessSchema PolicySchema { get; }

    public CodeOwnersFile CodeOwners { get; }

    /// <summary>Problems with the schemas and CODEOWNERS themselves.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    public static async Task<AccessRepository> OpenAsync(IRepositorySnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var requestFindings = new List<Finding>();
        var policyFindings = new List<Finding>();
        var requestSchema = LoadSchemaAsync(snapshot, AccessSchema.RequestPath, requestFindings, cancellationToken);
        var policySchema = LoadSchemaAsync(snapshot, AccessSchema.PolicyPath, policyFindings, cancellationToken);
        var codeOwnersFindings = new List<Finding>();
        var codeOwners = Task.Run(() => LoadCodeOwnersAsync(snapshot, codeOwnersFindings, cancellationToken), cancellationToken);
        await Task.WhenAll(requestSchema, policySchema, codeOwners).ConfigureAwait(false);
        List<Finding> findings = [.. requestFindings, .. policyFindings, .. codeOwnersFindings, .. codeOwners.Result.Findings];
        return new AccessRepository(snapshot, requestSchema.Result, policySchema.Result, codeOwners.Result, findings);
    }

    /// <summary>The policy for <paramref name="resource"/>, read and checked once; null when there is no such file.</summary>
    public Task<PolicyDocument?> PolicyAsync(string resource, CancellationToken cancellationToken) =>
        policies.GetOrAdd(resource, r => new Lazy<Task<PolicyDocument?>>(() => ReadPolicyAsync(r, cancellationToken))).Value;

    private async Task<PolicyDocument?> ReadPolicyAsync(string resource, CancellationToken cancellationToken)
    {
        var path = PolicyDocument.PathFor(resource);
        var file = await snapshot.ReadFileAsync(path, YamlLimits.Default.MaxBytes, cancellationToken).ConfigureAwait(false);
        if (file is null) return null;
        if (file.IsSymbolicLink)
        {
            return new PolicyDocument(path, null, null, [Finding.Error(path, SourcePosition.File, "repo.symlink", "policies must be regular files, not symbolic links")]);
        }
        return PolicyDocument.Read(path, file.Content.Span, PolicySchema);
    }

    private static async Task<AccessSchema> LoadSchemaAsync(IRepositorySnapshot snapshot, string path, List<Finding> findings, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var file = await snapshot.ReadFileAsync(path, 1024 * 1024, cancellationToken).ConfigureAwait(false);
        if (file is { IsSymbolicLink: false } && file.Content.Length <= 1024 * 1024)
        {
            var (schema, problem) = await SchemaCache.LoadAsync(path, file.Content, cancellationToken).ConfigureAwait(false);
            if (schema is not null) return schema;
            findings.Add(problem! with { Message = problem.Message + "; GitJit's built-in schema is used instead" });
        }
        else if (file is not null)
        {
            findings.Add(Finding.Error(path, SourcePosition.File, "schema.invalid", "schema must be a regular file under 1 MiB; GitJit's built-in schema is used instead"));
        }
        return await SchemaCache.BuiltInAsync(path, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<CodeOwnersFile> LoadCodeOwnersAsync(IRepositorySnapshot snapshot, List<Finding> findings, CancellationToken cancellationToken)
    {
        foreach (var location in CodeOwnersFile.Locations)
        {
            var file = await snapshot.ReadFileAsync(location, CodeOwnersFile.MaxBytes, cancellationToken).ConfigureAwait(false);
            if (file is null) continue;
            if (file.IsSymbolicLink)
            {
                findings.Add(Finding.Error(location, SourcePosition.File, "repo.symlink", "CODEOWNERS must be a regular file, not a symbolic link (or in a linked folder); it is not read"));
                continue;
            }
            return CodeOwnersFile.Parse(location, file.Content.Span);
        }
        return CodeOwnersFile.None;
    }
}
