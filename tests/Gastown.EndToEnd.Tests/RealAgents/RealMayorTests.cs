using Gastown.EndToEnd.Tests.Support;
using Shouldly;

namespace Gastown.EndToEnd.Tests.RealAgents;

/// <summary>The mayor on a real CLI: one session across messages, work handed out with gt_sling, answers with gt_reply.</summary>
public sealed class RealMayorTests() : RealAgentTest("claude", "claude-sonnet-4-5")
{
    [Fact]
    public async Task Two_messages_one_resumed_session_a_slung_bead_merged_and_two_replies()
    {
        RequireCli();
        const string first = "Please sling web: Add a greeting";
        const string second = "How is the work going?";

        var sent = await Api.SendMessageAsync(TownId, first);
        var slung = await Eventually.MatchAsync(() => Api.BeadsAsync(RigId),
            beads => beads.Any(b => b is { Type: "issue", Title: "Add a greeting", Status: "closed" }), "the mayor's bead to be merged", RunTimeout);
        slung.Single(b => b.Type == "issue").Metadata["slung_by"].ShouldContain("mayor");
        (await Origin.ShowFileAsync(ScriptedModelServer.FileName)).ShouldStartWith(ScriptedModelServer.FileContent + "\n");
        await Eventually.MatchAsync(MayorAsync, view => view.Conversation.Count(line => line.From == "mayor") == 1, "the first reply", RunTimeout);

        await Api.SendMessageAsync(TownId, second);
        var view = await Eventually.MatchAsync(MayorAsync,
            v => v.Conversation.Count(line => line.From == "mayor") == 2 && v.Conversation.Where(line => line.From == "user").All(line => line.Status == "closed"),
            "the second reply", RunTimeout);

        var replies = view.Conversation.Where(line => line.From == "mayor").ToList();
        replies.Select(line => line.InReplyTo).ShouldContain(sent.Bead.Id);
        replies.ShouldAllBe(line => line.Text.StartsWith("Mayor here", StringComparison.Ordinal));
        // The second run continued the first one's session: its request still held the first message.
        Model.SawOneConversation(first, second).ShouldBeTrue(Diagnostics);
        AssertStreamShowsWork(await StreamAsync(sent.Agent.Id), "gt_sling", "gt_reply");
    }
}

/// <summary>A real mayor that answers only in its final text: that text is stored as its reply.</summary>
public sealed class RealMayorTextAnswerTests() : RealAgentTest("claude", "claude-sonnet-4-5", ModelScript.AnswerInText)
{
    [Fact]
    public async Task The_final_text_of_a_run_without_gt_reply_is_stored_as_the_reply()
    {
        RequireCli();
        var sent = await Api.SendMessageAsync(TownId, "Good morning, mayor.");

        var view = await Eventually.MatchAsync(MayorAsync, v => v.Conversation.Any(line => line.From == "mayor"), "the mayor's answer", RunTimeout);
        var reply = view.Conversation.Single(line => line.From == "mayor");
        reply.Text.ShouldBe(ScriptedModelServer.MayorText);
        reply.InReplyTo.ShouldBe(sent.Bead.Id);
        view.Conversation.Single(line => line.From == "user").Status.ShouldBe("closed");
    }
}
