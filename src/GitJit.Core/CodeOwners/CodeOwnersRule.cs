namespace GitJit.Core.CodeOwners;

/// <summary>
/// One valid CODEOWNERS line: its 1-based <see cref="Line"/>, the <see cref="Pattern"/> exactly as written
/// (backslash escapes included) and its owners in the order written. A rule with no owners clears
/// ownership for the paths it matches.
/// </summary>
public sealed record CodeOwnersRule(int Line, string Pattern, IReadOnlyList<Owner> Owners);
