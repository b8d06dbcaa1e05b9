namespace GitJit.Benchmarks;

/// <summary>Words the generated repository is made of: an invented company, "acme", and its databases.</summary>
internal static class Vocabulary
{
    public const string Organisation = "acme";

    public static readonly string[] Domains =
    [
        "orders", "billing", "payments", "invoices", "customers", "inventory", "shipping", "catalog",
        "search", "analytics", "ledger", "accounts", "identity", "notifications", "messaging", "marketing",
        "crm", "support", "fraud", "risk", "pricing", "promotions", "loyalty", "reviews", "fulfillment",
        "returns", "subscriptions", "metering", "audit", "compliance", "payroll", "finance", "reporting",
        "events", "telemetry", "sessions", "carts", "checkout", "tax", "refunds", "partners", "vendors",
        "procurement", "contracts", "documents", "media", "content", "warehouse", "forecasting", "experiments",
    ];

    public static readonly string[] Kinds = ["db", "replica", "warehouse", "archive", "primary", "reporting-db", "ledger-db"];

    public static readonly string[] SharedTeams =
    [
        "platform-security", "engineering", "sre", "dba", "data-platform", "support-leads", "on-call",
        "backend", "compliance", "release-managers", "finance-eng", "ml-platform",
    ];

    public static readonly string[] FirstNames =
    [
        "alice", "bob", "carol", "dana", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory",
        "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yusuf", "zoe", "amir",
        "bea", "chen", "diego", "elif", "fatima", "goran", "hana", "ines", "jonas", "kofi", "lena", "mateo",
        "noor", "oskar", "priya", "quinn", "rosa", "sanjay", "tomas", "uma", "vera", "wen", "ximena",
        "yara", "zane", "arjun", "bianca", "camille", "dmitri", "emeka", "freya", "hugo", "ingrid", "kenji",
        "lucia", "mika", "nadia", "pavel", "rahul", "sofia", "tariq", "ulla", "viktor", "yuki",
    ];

    public static readonly string[] Schemas =
    [
        "public", "reporting", "marts", "staging", "audit", "billing", "ops", "analytics", "archive",
        "raw", "core", "app", "history", "ledger", "events",
    ];

    public static readonly string[] Tables =
    [
        "orders", "order_items", "customers", "invoices", "payments", "refunds", "shipments", "products",
        "prices", "events", "sessions", "users", "accounts", "balances", "transfers", "audit_log",
        "daily_revenue", "retention", "cohorts", "tickets", "subscriptions", "usage_records", "line_items",
        "addresses", "carts", "coupons", "disputes", "payouts", "settlements", "jobs", "outbox", "webhooks",
    ];

    /// <summary>Tables no role may touch; one or two of them sit in most schemas.</summary>
    public static readonly string[] SensitiveTables =
    [
        "customers_pii", "payment_methods", "api_keys", "credentials", "ssn_vault", "bank_accounts",
    ];
}
