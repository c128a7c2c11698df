using FluentValidation;
using Gastown.Application.Beads.UpdateBead;
using Gastown.Application.Common.Validation;
using Gastown.Domain;
using Gastown.Domain.Beads;
using Gastown.Domain.Convoys;

namespace Gastown.Application.Convoys.CreateConvoy;

internal sealed class CreateConvoyValidator : AbstractValidator<CreateConvoy>
{
    public CreateConvoyValidator()
    {
        RuleFor(x => x.TownId).MustBeId();
        RuleFor(x => x.Title).NotEmpty().WithMessage("'title' must not be empty.")
            .MaximumLength(Convoy.MaxTitleLength).WithMessage($"'title' must be at most {Convoy.MaxTitleLength} characters.");
        RuleFor(x => x.Mode)
            .Must(mode => mode is null || EnumText.TryParse<ConvoyMode>(mode, out _))
            .WithMessage("'mode' must be direct or land.")
            .Must(mode => mode is null || mode == "direct")
            .WithMessage("'mode' land is not available yet on this server: use direct.");
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
            task.RuleFor(t => t.Priority)
                .Must(priority => priority is null || EnumText.TryParse<BeadPriority>(priority, out _))
                .WithMessage($"'priority' must be one of {string.Join(", ", EnumText.Names<BeadPriority>())}.");
            task.RuleFor(t => t.Labels)
                .Must(labels => labels is null || (labels.Count <= UpdateBeadValidator.MaxLabels
                    && labels.All(label => !string.IsNullOrWhiteSpace(label) && label.Length <= UpdateBeadValidator.MaxLabelLength && !label.Any(char.IsControl))))
                .WithMessage($"'labels' takes at most {UpdateBeadValidator.MaxLabels} labels of 1..{UpdateBeadValidator.MaxLabelLength} characters.");
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
