using System.Text.RegularExpressions;

namespace Gastown.Infrastructure.Container.Demo;

/// <summary>
/// A plan as the demo mayor reads it: <c>plan &lt;rig&gt;: &lt;task&gt;; &lt;task&gt; after 1; &lt;task&gt; after 1, 2</c>.
/// Tasks are separated by semicolons and numbered from 1; <c>after N</c> (several: <c>after 1, 2</c> or
/// <c>after 1 and 2</c>) makes the task wait until task N has merged. A task may only wait for an earlier one.
/// </summary>
internal sealed partial record DemoPlan(string Rig, IReadOnlyList<DemoPlan.Task> Tasks)
{
    /// <summary>At most this many tasks in one plan line.</summary>
    public const int MaxTasks = 50;

    /// <summary>One task: its title and the (0-based) indexes of the tasks it waits for.</summary>
    public sealed record Task(string Title, IReadOnlyList<int> After);

    /// <summary>A title for the plan as a whole (the convoy's): the rig and its tasks, shortened.</summary>
    public string Title
    {
        get
        {
            var title = $"Plan for {Rig}: {string.Join("; ", Tasks.Select(task => task.Title))}";
            return title.Length <= 200 ? title : title[..199] + "…";
        }
    }

    /// <summary>Whether a line is a plan at all (then <see cref="Parse"/> says what is wrong with it, if anything).</summary>
    public static bool IsPlan(string line) => PlanLine().IsMatch(line);

    /// <summary>The plan of a <c>plan</c> line, or why it is not one the mayor can act on.</summary>
    public static (DemoPlan? Plan, string? Problem) Parse(string line)
    {
        var match = PlanLine().Match(line);
        if (!match.Success) return (null, "a plan reads 'plan <rig>: <task>; <task> after 1; …'");
        var rig = match.Groups["rig"].Value.Trim();
        var parts = match.Groups["tasks"].Value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return (null, "the plan has no tasks");
        if (parts.Length > MaxTasks) return (null, $"a plan takes at most {MaxTasks} tasks");

        var tasks = new List<Task>();
        for (var index = 0; index < parts.Length; index++)
        {
            var after = AfterClause().Match(parts[index]);
            if (!after.Success)
            {
                tasks.Add(new Task(parts[index], []));
                continue;
            }
            var title = parts[index][..after.Index].Trim();
            if (title.Length == 0) return (null, $"task {index + 1} has no title");
            var numbers = Number().Matches(after.Groups["numbers"].Value).Select(number => int.Parse(number.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            if (numbers.Cast<int?>().FirstOrDefault(number => number < 1 || number > index) is { } wrong)
                return (null, $"task {index + 1} ('{title}') can only come after an earlier task (1 to {index}), not {wrong}");
            tasks.Add(new Task(title, [.. numbers.Distinct().Select(number => number - 1)]));
        }
        return (new DemoPlan(rig, tasks), null);
    }

    [GeneratedRegex(@"^\s*plan\s+(?<rig>[^:]+):(?<tasks>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex PlanLine();

    [GeneratedRegex(@"(?:^|\s+)after\s+(?<numbers>\d{1,4}(?:\s*(?:,|and|&)\s*\d{1,4})*)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex AfterClause();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();
}
