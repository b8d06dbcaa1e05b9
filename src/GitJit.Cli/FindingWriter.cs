using System.Text;
using GitJit.Core;

namespace GitJit.Cli;

/// <summary>Prints findings in each <see cref="OutputFormat"/>.</summary>
public static class FindingWriter
{
    /// <summary><c>path:line:col: severity: message [code]</c>, the form editors and terminals link.</summary>
    public static string Text(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var where = finding.Line > 0 ? $"{finding.Path}:{finding.Line}:{finding.Column}" : finding.Path;
        return $"{where}: {Name(finding.Severity)}: {finding.Message} [{finding.Code}]";
    }

    /// <summary>A GitHub Actions workflow command, which annotates the file in the pull request.</summary>
    public static string Github(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var properties = new StringBuilder($"file={Property(finding.Path)}");
        if (finding.Line > 0) properties.Append($",line={finding.Line},col={finding.Column}");
        properties.Append($",title={Property("gitjit " + finding.Code)}");
        return $"::{Name(finding.Severity)} {properties}::{Data(finding.Message)}";
    }

    private static string Name(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "notice",
    };

    private static string Data(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    private static string Property(string value) =>
        Data(value).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
