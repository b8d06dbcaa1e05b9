using System.Globalization;

namespace GitJit.Benchmarks;

/// <summary>Ticket patterns as teams write them, each with a maker of matching ids.</summary>
internal static class TicketRules
{
    private static readonly string[] Projects = ["OPS", "DATA", "BILL", "SEC", "PAY", "SUP", "PLAT"];

    public static readonly TicketRule[] All =
    [
        new("^INC-[0-9]+$", random => Id("INC-", random.Next(100, 99_999))),
        new("^CHG-[0-9]+$", random => Id("CHG-", random.Next(1_000, 999_999))),
        new("^(INC|CHG)-[0-9]+$", random => Id(random.Chance(0.5) ? "INC-" : "CHG-", random.Next(100, 99_999))),
        new("^[A-Z]{2,6}-[0-9]+$", random => Id(random.Pick(Projects) + "-", random.Next(1, 20_000))),
        new("^SR[0-9]{6}$", random => Id("SR", random.Next(100_000, 1_000_000))),
        new(null, random => Id(random.Pick(Projects) + "-", random.Next(1, 20_000))),
    ];

    /// <summary>Tickets people mention on roles that do not require one.</summary>
    public static string Optional(Random random) => Id(random.Pick(Projects) + "-", random.Next(1, 20_000));

    private static string Id(string prefix, int number) => prefix + number.ToString(CultureInfo.InvariantCulture);
}
