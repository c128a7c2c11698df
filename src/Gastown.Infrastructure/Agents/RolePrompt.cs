using System.Text;
using Gastown.Application.Common.Ports;
using Gastown.Domain.Agents;

namespace Gastown.Infrastructure.Agents;

/// <summary>
/// The one prompt every real-CLI preset gives its agent: who it is, its work (the launch's prompt: the bead's title,
/// body and checkpoint, or the mayor's waiting messages) and the protocol of the gt_* tools.
/// </summary>
public static class RolePrompt
{
    public static string For(AgentLaunch launch, string workspace)
    {
        var prompt = new StringBuilder();
        if (launch.Role == AgentRole.Mayor)
        {
            prompt.AppendLine($"You are the mayor of a Gastown town: you talk with its user and hand work to the town's rigs.")
                .AppendLine("Protocol:")
                .AppendLine("- Use gt_list_rigs, gt_list_beads and gt_list_agents to see the town.")
                .AppendLine("- To get work done, call gt_sling with the rig (name or id), a title and a body; a polecat works each bead and the rig merges it.")
                .AppendLine("- For a feature of several tasks, or tasks that must wait for others, call gt_sling_batch once (tasks with dependsOn, a requestId) and follow it with gt_convoy_status.")
                .AppendLine("- Answer the user with gt_reply (one reply per message). Do not edit files yourself.")
                .AppendLine($"Your workspace: {workspace}")
                .AppendLine()
                .AppendLine(launch.Prompt.Trim());
            return prompt.ToString();
        }

        prompt.AppendLine($"You are {launch.Name}, a Gastown polecat: a coding agent working one bead (a work item) in your own git worktree, on branch '{launch.Branch}'.")
            .AppendLine($"Your worktree: {workspace}")
            .AppendLine()
            .AppendLine("Your bead:")
            .AppendLine(launch.Prompt.Trim())
            .AppendLine()
            .AppendLine("Protocol:")
            .AppendLine("1. Call gt_prime first: it tells you who you are, your bead, your mail and your branch.")
            .AppendLine("2. Work only in this worktree (the current directory); use your own tools to edit files and run commands.")
            .AppendLine("3. Commit your changes on your branch (git add, git commit).")
            .AppendLine("4. When the work is finished, call gt_done with a one-paragraph summary. Then stop.")
            .AppendLine("5. If you are stuck or the bead cannot be done, call gt_escalate with a title and what you need, then stop.");
        return prompt.ToString();
    }
}
