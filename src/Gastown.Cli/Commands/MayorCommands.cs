namespace Gastown.Cli.Commands;

/// <summary>
/// `mayor "message"` sends one message and prints the mayor's reply; `mayor` alone is a chat: the conversation so far,
/// then a prompt, one reply per line sent, until end of input (Ctrl-D).
/// </summary>
internal static class MayorCommands
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    public static IEnumerable<Command> Build(CommandFactory commands)
    {
        var message = new Argument<string?>("message") { Description = "One message; none: an interactive chat (Ctrl-D to leave).", Arity = ArgumentArity.ZeroOrOne };
        var noWait = new Option<bool>("--no-wait") { Description = "Send the message and return without waiting for the reply." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for a reply.", DefaultValueFactory = _ => 300 };
        yield return commands.Create("mayor", "Talk to the town's mayor: one message, or a chat.", async (context, parse) =>
        {
            var town = await context.Targets.TownAsync();
            var wait = TimeSpan.FromSeconds(parse.GetValue(timeout));
            if (parse.GetValue(message) is { } text) return await OneShotAsync(context, town, text, parse.GetValue(noWait), wait);
            return await ChatAsync(context, town, wait);
        }, message, noWait, timeout);
    }

    private static async Task<int> OneShotAsync(CommandContext context, TownResponse town, string text, bool noWait, TimeSpan wait)
    {
        var sent = await context.Api.ApiTownsMessagesAsync(town.Id, null, new MessageBody { Message = text }, context.Cancellation);
        if (noWait)
        {
            context.Print.Done($"Sent message {sent.Bead.Id} to the mayor of {town.Name}.", sent);
            return ExitCodes.Ok;
        }
        var reply = await ReplyAsync(context, town, sent.Bead.Id, wait);
        context.Print.Done(reply.Text, reply);
        return ExitCodes.Ok;
    }

    private static async Task<int> ChatAsync(CommandContext context, TownResponse town, TimeSpan wait)
    {
        var terminal = context.Terminal;
        var view = await context.Api.ApiTownsMayorAsync(town.Id, context.Cancellation);
        foreach (var said in view.Conversation.OrderBy(m => m.CreatedAt)) await terminal.Output.WriteLineAsync(Line(said));
        await terminal.Output.WriteLineAsync($"Talking to the mayor of {town.Name}; Ctrl-D to leave.");
        while (true)
        {
            await terminal.Output.WriteAsync("you> ");
            await terminal.Output.FlushAsync(context.Cancellation);
            var text = await terminal.Input.ReadLineAsync(context.Cancellation);
            if (text is null)
            {
                await terminal.Output.WriteLineAsync();
                return ExitCodes.Ok;
            }
            if (string.IsNullOrWhiteSpace(text)) continue;
            var sent = await context.Api.ApiTownsMessagesAsync(town.Id, null, new MessageBody { Message = text }, context.Cancellation);
            var reply = await ReplyAsync(context, town, sent.Bead.Id, wait);
            await terminal.Output.WriteLineAsync(Line(reply));
        }
    }

    /// <summary>Waits for the mayor's reply to one message (it names the message it answers).</summary>
    private static async Task<MayorMessageResponse> ReplyAsync(CommandContext context, TownResponse town, Guid messageId, TimeSpan wait)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
        deadline.CancelAfter(wait);
        try
        {
            while (true)
            {
                var view = await context.Api.ApiTownsMayorAsync(town.Id, deadline.Token);
                if (view.Conversation.FirstOrDefault(m => m.From == "mayor" && m.InReplyTo == messageId) is { } reply) return reply;
                await Task.Delay(Poll, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!context.Cancellation.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Failed, $"no reply from the mayor after {wait.TotalSeconds:0} s; it may still answer: see `gastown mayor`.");
        }
    }

    private static string Line(MayorMessageResponse said) => said.From == "mayor" ? $"mayor> {said.Text}" : $"you> {said.Text}";
}
