using System.Globalization;

namespace GitJit.Benchmarks;

/// <summary>Reasons reviewers can judge, and the short topic a file name is made from.</summary>
internal static class Reasons
{
    private static readonly (string Slug, string Phrase)[] Topics =
    [
        ("stuck-orders", "stuck orders"), ("duplicate-invoices", "duplicate invoices"), ("missing-refunds", "missing refunds"),
        ("late-shipments", "late shipments"), ("revenue-totals", "the nightly revenue totals"), ("failed-payouts", "failed payouts"),
        ("churn-report", "the churn report"), ("retention", "the retention cohorts"), ("stale-sessions", "stale sessions"),
        ("orphaned-items", "orphaned line items"), ("tax-rounding", "tax rounding differences"), ("coupon-abuse", "coupon abuse"),
        ("slow-queries", "slow queries on the replica"), ("audit-sample", "the audit sample"), ("webhook-retries", "webhook retries piling up in the outbox"),
    ];

    private static readonly string[] ReadVerbs = ["Investigate", "Look into", "Export", "Check", "Analyse", "Reconcile", "Sample"];
    private static readonly string[] WriteVerbs = ["Fix", "Repair", "Backfill", "Clean up", "Re-queue", "Correct"];

    private static readonly string[] Contexts =
    [
        "after deploy {0}", "for the Q{1} report", "raised by support in case {0}", "before the month-end close",
        "for the weekly business review", "that finance flagged this morning", "reported by a customer in escalation {0}",
        "ahead of the {2} migration", "while the dashboard is down",
    ];

    private static readonly string[] Afterwords =
    [
        "The dashboard cannot show row-level detail, so I need to query the tables directly.",
        "I will attach the findings to the ticket and drop access as soon as I am done.",
        "Pairing with the on-call engineer, who can confirm each change before it runs.",
        "The same fix was reviewed last week for a smaller batch of rows and worked as planned.",
    ];

    public static (string Slug, string Text) Make(Random random, string domain, bool writes)
    {
        var (slug, phrase) = random.Pick(Topics);
        var verb = random.Pick(writes ? WriteVerbs : ReadVerbs);
        var context = string.Format(CultureInfo.InvariantCulture, random.Pick(Contexts), random.Next(1000, 9999), random.Next(1, 5), domain);
        var text = $"{verb} {phrase} {context}";
        return (slug, random.Chance(0.15) ? $"{text}. {random.Pick(Afterwords)}" : text);
    }
}
