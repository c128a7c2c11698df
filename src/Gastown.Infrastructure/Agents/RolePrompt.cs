using Gastown.Application.Dispatch;
using Gastown.Domain.Agents;

namespace Gastown.Infrastructure.Agents;

/// <summary>
/// The one prompt every real-CLI preset gives its agent: who it is, its work (the launch's prompt: the bead's title,
/// body and checkpoint, or the mayor's waiting messages) and the protocol of the gt_* tools.
/// </summary>
public static class RolePrompt
{
    /// <summary>How a polecat's resumed run begins (its CLI session already holds the full prompt).</summary>
    public const string ResumeMarker = "Gastown continues your session";

    private static string? CheckpointOf(string prompt) =>
        prompt.IndexOf(AgentLaunch.CheckpointHeading, StringComparison.Ordinal) is var at and >= 0
            ? prompt[(at + AgentLaunch.CheckpointHeading.Length)..].Trim()
            : null;

    /// <param name="resumed">The run continues the polecat's CLI session: only a short message is sent.</param>
    public static string For(AgentLaunch launch, string workspace, bool resumed = false)
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

        if (resumed)
        {
            // The session above holds the whole prompt and the work so far: only what is new is sent (decision 0027):
            // the nudges that waited for this run (they open the launch's prompt), then a reminder of the bead.
            var lines = launch.Prompt.Trim().Split('\n').Select(line => line.TrimEnd('\r')).ToList();
            var nudges = lines.TakeWhile(line => line.StartsWith(Nudges.PromptPrefix, StringComparison.Ordinal)).ToList();
            var title = lines.Skip(nudges.Count).FirstOrDefault(line => line.Trim().Length > 0)?.Trim() ?? "";
            foreach (var nudge in nudges) prompt.AppendLine(nudge);
            if (nudges.Count > 0) prompt.AppendLine();
            prompt.AppendLine($"{ResumeMarker} on your bead \"{title}\" (branch '{launch.Branch}', worktree {workspace}).")
                .AppendLine("Your run was interrupted or your bead came back to you (a review may ask for changes: call gt_mail_check).")
                .AppendLine("Continue where you left off; finish as before: commit on your branch, then call gt_done with a summary (or gt_escalate if stuck).");
            if (CheckpointOf(launch.Prompt) is { } checkpoint) prompt.AppendLine().AppendLine("Your last checkpoint:").AppendLine(checkpoint);
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
            .AppendLine("4. When the work is finished, call gt_done with a one-paragraph summary. Then stop. (A branch without a commit is not merged; if the bead truly needs no change, call gt_done with noChanges: true and a summary of why.)")
            .AppendLine("5. If you are stuck or the bead cannot be done, call gt_escalate with a title and what you need, then stop.");
        return prompt.ToString();
    }
}
