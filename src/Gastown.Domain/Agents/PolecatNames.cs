namespace Gastown.Domain.Agents;

/// <summary>Polecat names, unique within a town. After the pool runs out, names get a number: Toast-2, Maple-2, …</summary>
public static class PolecatNames
{
    public static readonly IReadOnlyList<string> Pool =
    [
        "Toast", "Maple", "Birch", "Shadow", "Copper", "Ember", "Frost", "Sage", "Flint", "Cedar",
        "Dusk", "Slate", "Thorn", "Drift", "Spark", "Onyx", "Moss", "Rust", "Wren", "Quartz",
        "Juniper", "Basalt", "Comet", "Fern", "Garnet", "Hazel", "Indigo", "Jasper", "Kestrel", "Lichen",
    ];

    /// <summary>Candidate names in the order they should be tried.</summary>
    public static IEnumerable<string> Candidates()
    {
        foreach (var name in Pool) yield return name;
        for (var round = 2; ; round++)
            foreach (var name in Pool) yield return $"{name}-{round}";
    }

    public static string FirstFree(IReadOnlySet<string> taken) => Candidates().First(name => !taken.Contains(name));

    /// <summary>
    /// One of the first <paramref name="spread"/> free names, chosen at random: rigs of one town claiming names at
    /// the same moment then rarely want the same one.
    /// </summary>
    public static string AnyEarlyFree(IReadOnlySet<string> taken, int spread, Random random)
    {
        var early = Candidates().Where(name => !taken.Contains(name)).Take(spread).ToList();
        return early[random.Next(early.Count)];
    }
}
