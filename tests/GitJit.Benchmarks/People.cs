using System.Globalization;

namespace GitJit.Benchmarks;

/// <summary>GitHub logins as people pick them: alice, alice-k, alice42.</summary>
internal static class People
{
    public static List<string> Logins(Random random, int count)
    {
        var logins = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<string>(count);
        while (ordered.Count < count)
        {
            var name = random.Pick(Vocabulary.FirstNames);
            var login = random.Next(3) switch
            {
                0 => name,
                1 => $"{name}-{(char)('a' + random.Next(26))}",
                _ => name + random.Next(1, 100).ToString(CultureInfo.InvariantCulture),
            };
            if (logins.Add(login))
            {
                ordered.Add(login);
            }
        }
        return ordered;
    }
}
