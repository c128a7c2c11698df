using Gastown.Domain.Git;

namespace Gastown.Application.Convoys.CreateConvoy;

internal sealed class CreateConvoyValidator : AbstractValidator<CreateConvoyCommand>
{
    public CreateConvoyValidator()
    {
        RuleFor(x => x.Title).NotEmpty().WithMessage("'title' must not be empty.")
            .MaximumLength(Convoy.MaxTitleLength).WithMessage($"'title' must be at most {Convoy.MaxTitleLength} characters.");
        RuleFor(x => x.Mode)
            .Must(mode => mode is null || EnumText.TryParse<ConvoyMode>(mode, out _))
            .WithMessage("'mode' must be direct or land.");
        // Land mode: the title makes the feature branch's slug (sanitised, so this only guards the rule itself).
        RuleFor(x => x.Title)
            .Must(title => GitBranchName.IsValid(Convoy.FeatureBranchFor(title, Guid.Empty)))
            .When(x => x.Mode == "land" && !string.IsNullOrEmpty(x.Title))
            .WithMessage(x => $"'title' makes no valid feature branch: {GitBranchName.Problem(Convoy.FeatureBranchFor(x.Title, Guid.Empty))}.");
        RuleFor(x => x.RequestId).MustBeRequestId();
        RuleFor(x => x.Tasks)
            .Must(tasks => tasks is { Count: > 0 } && tasks.Count <= Convoy.MaxTasks)
            .WithMessage($"'tasks' takes 1..{Convoy.MaxTasks} tasks.");
        RuleForEach(x => x.Tasks).ChildRules(task =>
        {
            task.RuleFor(t => t.Rig).NotEmpty().WithMessage("'rig' must name a rig of the town (its id or name).");
            task.RuleFor(t => t.Title).MustBeBeadTitle();
            task.RuleFor(t => t.Body).MustBeBeadBody();
            task.RuleFor(t => t.Model).MustBeModel();
            task.RuleFor(t => t.Priority).MustBePriority();
            task.RuleFor(t => t.Labels).MustBeLabels();
        });
        RuleFor(x => x).Custom((command, context) =>
        {
            if (command.Tasks is not { Count: > 0 } tasks) return;
            var wrong = false;
            for (var i = 0; i < tasks.Count; i++)
            {
                if (tasks[i].DependsOn is not { } dependsOn) continue;
                var problem = dependsOn.Any(index => index < 0 || index >= tasks.Count) ? $"must name tasks by their index, 0..{tasks.Count - 1}"
                    : dependsOn.Contains(i) ? $"must not name task {i} itself"
                    : dependsOn.Distinct().Count() != dependsOn.Count ? "names a task twice"
                    : null;
                if (problem is null) continue;
                wrong = true;
                context.AddFailure($"tasks[{i}].dependsOn", $"'tasks[{i}].dependsOn' {problem}.");
            }
            if (!wrong && CycleAt(tasks) is { } cyclic)
                context.AddFailure($"tasks[{cyclic}].dependsOn", $"'tasks[{cyclic}].dependsOn' makes a cycle: task {cyclic} would wait for itself.");
        });
    }

    /// <summary>A task on a dependency cycle, or null (Kahn's algorithm; out-of-range indexes ignored).</summary>
    private static int? CycleAt(IReadOnlyList<ConvoyTask> tasks)
    {
        var waiting = tasks.Select(task => (task.DependsOn ?? []).Count(index => index >= 0 && index < tasks.Count)).ToArray();
        var ready = new Queue<int>(Enumerable.Range(0, tasks.Count).Where(i => waiting[i] == 0));
        var done = 0;
        while (ready.TryDequeue(out var next))
        {
            done++;
            for (var i = 0; i < tasks.Count; i++)
                if (tasks[i].DependsOn?.Contains(next) == true && --waiting[i] == 0) ready.Enqueue(i);
        }
        return done == tasks.Count ? null : Array.FindIndex(waiting, count => count > 0);
    }
}
