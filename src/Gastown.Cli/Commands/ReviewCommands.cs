using System.CommandLine.Parsing;
using System.Diagnostics;
using Spectre.Console;

namespace Gastown.Cli.Commands;

/// <summary>`reviews`, `review` (the diff, coloured, paged), `approve` and `reject`.</summary>
internal static class ReviewCommands
{
    public static IEnumerable<Command> Build(CommandFactory commands)
    {
        var rig = new Option<string?>("--rig") { Description = "Only this rig's reviews (name or id)." };
        var status = new Option<string?>("--status") { Description = "Only reviews in this status: pending, running, merged, failed, awaiting_approval, approved, changes_requested." };
        yield return commands.Create("reviews", "The town's review queue, newest first.", async (context, parse) =>
        {
            var town = await context.Targets.TownDetailsAsync();
            var rows = new List<(string Rig, string? Title, ReviewResponse Review, int Rounds)>();
            if (parse.GetValue(rig) is { } one)
            {
                var target = await context.Targets.RigAsync(town, one);
                rows.AddRange((await context.Api.ApiRigsReviewsGetAsync(target.Id, parse.GetValue(status), context.Cancellation)).Select(r => (target.Name, (string?)null, r, 0)));
            }
            else
            {
                rows.AddRange((await context.Api.ApiTownsReviewsAsync(town.Id, parse.GetValue(status), 500, context.Cancellation)).Select(r => (r.RigName, r.BeadTitle, r.Review, r.ReviewRounds)));
            }
            if (context.Print.Json)
            {
                context.Print.Data(rows.Select(r => r.Review));
                return;
            }
            context.Print.Table(["ID", "RIG", "STATUS", "BRANCH", "BEAD", "UPDATED"],
                rows.OrderByDescending(r => r.Review.CreatedAt).Select(r => (IReadOnlyList<string?>)[Printer.Short(r.Review.Id), r.Rig, r.Review.Status, r.Review.Branch,
                    r.Title ?? Printer.Short(r.Review.BeadId), Printer.Time(r.Review.UpdatedAt)]),
                empty: "No reviews.");
        }, rig, status);

        var id = new Argument<string>("review") { Description = "The review's id (or its first characters)." };
        var noPager = new Option<bool>("--no-pager") { Description = "Print the diff instead of paging it." };
        yield return commands.Create("review", "One review: its gates and its diff (coloured, paged at a terminal).", async (context, parse) =>
        {
            var town = await context.Targets.TownDetailsAsync();
            var found = await context.Targets.ReviewAsync(town, parse.GetRequiredValue(id));
            var details = await context.Api.ApiRigsReviewsGetAsync(found.RigId, found.Review.Id, context.Cancellation);
            if (context.Print.Json)
            {
                context.Print.Data(details);
                return;
            }
            var text = Describe(found.RigName, details);
            if (context.Terminal.Interactive && !parse.GetValue(noPager) && await PageAsync(context, text)) return;
            context.Print.Render(text);
        }, id, noPager);

        var approved = new Argument<string>("review") { Description = "The review's id (or its first characters)." };
        yield return commands.Create("approve", "Approve a review waiting for approval: the next tick merges it.", async (context, parse) =>
        {
            var town = await context.Targets.TownDetailsAsync();
            var found = await context.Targets.ReviewAsync(town, parse.GetRequiredValue(approved));
            var review = await context.Api.ApiRigsReviewsApproveAsync(found.RigId, found.Review.Id, context.Cancellation);
            context.Print.Done($"Approved review {review.Id} ({review.Branch}): {review.Status}.", review);
        }, approved);

        var rejected = new Argument<string>("review") { Description = "The review's id (or its first characters)." };
        var feedback = new Option<string>("--feedback") { Description = "What to change: the polecat gets it with its bead.", Required = true };
        yield return commands.Create("reject", "Request changes: the bead goes back to its polecat with your feedback.", async (context, parse) =>
        {
            var town = await context.Targets.TownDetailsAsync();
            var found = await context.Targets.ReviewAsync(town, parse.GetRequiredValue(rejected));
            var review = await context.Api.ApiRigsReviewsRejectAsync(found.RigId, found.Review.Id, new RejectBody { Feedback = parse.GetRequiredValue(feedback) }, context.Cancellation);
            context.Print.Done($"Requested changes on review {review.Id} ({review.Branch}): {review.Status}.", review);
        }, rejected, feedback);
    }

    /// <summary>The review as coloured text: its header, its gates, then the diff file by file.</summary>
    private static Spectre.Console.Rendering.IRenderable Describe(string rig, ReviewDetails details)
    {
        var review = details.Review;
        var lines = new List<Spectre.Console.Rendering.IRenderable>
        {
            new Markup($"[bold]review {review.Id}[/] [dim]({Markup.Escape(rig)})[/]"),
            new Text($"bead    {details.BeadTitle ?? review.BeadId.ToString()} ({review.BeadId})"),
            new Text($"branch  {review.Branch}"),
            new Text($"status  {review.Status}, round {details.ReviewRounds}"),
        };
        if (review.Summary is { Length: > 0 } summary) lines.Add(new Text($"summary {summary}"));
        if (review.Feedback is { Length: > 0 } feedback) lines.Add(new Text($"feedback {feedback}"));
        if (review.Message is { Length: > 0 } message) lines.Add(new Text($"message {message}"));
        foreach (var gate in review.Gates ?? [])
            lines.Add(new Markup($"gate    {(gate.Passed ? "[green]passed[/]" : "[red]failed[/]")} {Markup.Escape(string.Join(' ', gate.Command))}"));
        if (details.DiffError is { Length: > 0 } error) lines.Add(new Markup($"[red]diff unavailable: {Markup.Escape(error)}[/]"));
        foreach (var file in details.Diff?.Files ?? [])
        {
            lines.Add(new Markup($"[bold]{Markup.Escape(file.OldPath is { } old && old != file.Path ? $"{old} → {file.Path}" : file.Path)}[/] [green]+{file.Additions}[/] [red]-{file.Deletions}[/]"));
            foreach (var hunk in file.Hunks)
            {
                lines.Add(new Markup($"[cyan]{Markup.Escape(hunk.Header)}[/]"));
                foreach (var line in hunk.Lines)
                    lines.Add(line.StartsWith('+') ? new Text(line, new Style(Color.Green)) : line.StartsWith('-') ? new Text(line, new Style(Color.Red)) : new Text(line));
            }
        }
        if (details.Diff?.Truncated == true) lines.Add(new Markup("[yellow](the diff is cut short)[/]"));
        return new Rows(lines);
    }

    /// <summary>Pipes the rendered review to $PAGER (less -R by default), started with an argument list, never a shell.</summary>
    private static async Task<bool> PageAsync(CommandContext context, Spectre.Console.Rendering.IRenderable text)
    {
        var writer = new StringWriter();
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.Yes, ColorSystem = ColorSystemSupport.Standard });
        ansi.Profile.Width = context.Terminal.Ansi.Profile.Width;
        ansi.Write(text);
        var pager = CommandLineParser.SplitCommandLine(context.Terminal.Variable("PAGER") ?? "less -R").ToList();
        if (pager.Count == 0) return false;
        var start = new ProcessStartInfo(pager[0]) { RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in pager.Skip(1)) start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start);
            if (process is null) return false;
            await process.StandardInput.WriteAsync(writer.ToString());
            process.StandardInput.Close();
            await process.WaitForExitAsync(context.Cancellation);
            return true;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
