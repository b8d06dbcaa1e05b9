namespace GitJit.Benchmarks;

/// <summary>The kinds of role real policies have, from read-only to break-glass.</summary>
internal sealed record RoleTemplate(string Name, string Description, string[] Privileges, int[] MaxMinutes, int[] Approvals, double TicketChance)
{
    public bool ReadOnly => Privileges is ["select"];

    public static readonly RoleTemplate[] Readers =
    [
        new("read-only", "Read production data, never the sensitive tables.", ["select"], [240, 480, 720, Durations.Day], [1], 0),
        new("analyst", "Query the reporting schemas.", ["select"], [480, Durations.Day, 3 * Durations.Day, 7 * Durations.Day], [1], 0),
    ];

    public static readonly RoleTemplate[] Others =
    [
        new("auditor", "Review changes for the quarterly audit.", ["select"], [Durations.Day, 3 * Durations.Day, 7 * Durations.Day], [1, 2], 0.3),
        new("support", "Look up and correct single records for support cases.", ["select", "update"], [60, 120, 240], [1, 2], 0.6),
        new("on-call", "Mitigate incidents while paged.", ["select", "update"], [60, 120, 240, 480], [1], 0.8),
        new("write", "Fix data by hand during an incident.", ["select", "insert", "update"], [30, 60, 120], [2], 0.9),
        new("backfill", "Run one-off backfills.", ["select", "insert", "update"], [120, 240, 480], [2], 0.7),
        new("maintainer", "Maintain the tables; needs a change ticket.", ["select", "insert", "update", "delete"], [60, 120, 240], [2], 1),
        new("migrator", "Apply hand-written migrations.", ["select", "insert", "update", "delete", "truncate", "references", "trigger"], [30, 60], [2, 3], 1),
        new("break-glass", "Full access for the database owners when all else fails.", ["select", "insert", "update", "delete", "truncate", "references", "trigger"], [30, 60], [3], 1),
    ];
}
