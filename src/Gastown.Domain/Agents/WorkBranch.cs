using System.Text;

namespace Gastown.Domain.Agents;

/// <summary>The branch a polecat works on for a bead: <c>gt/&lt;slug of name&gt;/&lt;first 8 of bead id&gt;</c>.</summary>
public static class WorkBranch
{
    public static string For(string agentName, Guid beadId) => $"gt/{Slug(agentName)}/{beadId.ToString("N")[..8]}";

    public static string Slug(string name)
    {
        var slug = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
            slug.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' ? c : '-');
        return slug.ToString();
    }
}
