using System.Globalization;
using System.Text;

namespace GitJit.Testing.Faults;

/// <summary>What one run of the harness saw: when it killed, how late the role was gone, and every invariant broken.</summary>
public sealed class KillNineOutcome(KillNinePlan plan, string folder)
{
    private readonly List<string> violations = [];
    private readonly List<string> notes = [];

    public KillNinePlan Plan { get; } = plan;

    /// <summary>This run's files, the server's logs among them (kept).</summary>
    public string Folder { get; } = folder;

    /// <summary>Whether the kill moment came (a point that never comes is a violation or a note, and no kill).</summary>
    public bool Killed { get; set; }

    /// <summary>From the merge delivery's acceptance to the SIGKILL.</summary>
    public TimeSpan? KilledAfter { get; set; }

    /// <summary>From the SIGKILL until the restarted server answered on /healthz.</summary>
    public TimeSpan? RestartTook { get; set; }

    /// <summary>The grant's expiry, from its role's marker.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>The last time the role was seen in the target minus its expiry (negative when it went early); null when never seen.</summary>
    public TimeSpan? Lateness { get; set; }

    /// <summary>The ending record's time minus the expiry: how late the revocation was recorded (the role may have gone earlier).</summary>
    public TimeSpan? RecordLateness { get; set; }

    /// <summary>The pull request's records on the remote, oldest first (<c>granted</c>, <c>revoked</c>, …).</summary>
    public IReadOnlyList<string> Records { get; set; } = [];

    public IReadOnlyList<string> Violations => violations;

    /// <summary>What is worth knowing and breaks no invariant (a kill before the grant, a grant never made in the window).</summary>
    public IReadOnlyList<string> Notes => notes;

    public void Violation(string message) => violations.Add(message);

    public void Note(string message) => notes.Add(message);

    /// <summary>Everything, with the seed and how to run it again: the failure message of a test.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"kill -9 at {Plan}: ");
        text.Append(Killed ? string.Create(CultureInfo.InvariantCulture, $"killed {KilledAfter?.TotalSeconds:F2} s after the merge delivery, ready again {RestartTook?.TotalSeconds:F1} s later") : "never killed");
        text.Append(CultureInfo.InvariantCulture, $"; expiry {ExpiresAt:HH:mm:ss.fff}; role last seen {(Lateness is { } late ? string.Create(CultureInfo.InvariantCulture, $"{late.TotalSeconds:F1} s") : "never")} past expiry");
        text.Append(CultureInfo.InvariantCulture, $"; records: [{string.Join(", ", Records)}]");
        if (RecordLateness is { } recorded) text.Append(CultureInfo.InvariantCulture, $", the ending one {recorded.TotalSeconds:F1} s past expiry");
        foreach (var violation in violations) text.Append("\n  VIOLATION: ").Append(violation);
        foreach (var note in notes) text.Append("\n  note: ").Append(note);
        text.Append(CultureInfo.InvariantCulture, $"\n  logs: {Folder}\n  again: {KillNinePlan.SeedVariable}={Plan.Seed}");
        return text.ToString();
    }
}
