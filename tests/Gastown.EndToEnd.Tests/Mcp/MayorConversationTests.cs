using System.Net.Http.Json;
using System.Text.Json;
using Gastown.EndToEnd.Tests.Support;
using Shouldly;

namespace Gastown.EndToEnd.Tests.Mcp;

/// <summary>The chat with the (demo) mayor, which answers over MCP with gt_reply: both sides are stored, in order.</summary>
public sealed class MayorConversationTests : ServerTest
{
    [Fact]
    public async Task Two_messages_get_two_stored_replies_in_order()
    {
        var apiRig = await Api.CreateRigAsync(TownId, "api", Origin.Path);
        var first = await Api.SendMessageAsync(TownId, "Good morning, mayor.");
        await ConversationAsync(lines => lines.Count == 2, "the first reply");
        var second = await Api.SendMessageAsync(TownId, "Please do this:\nsling api: Document the API");

        var conversation = await ConversationAsync(lines => lines.Count == 4, "the second reply");
        conversation.Select(line => line.GetProperty("from").GetString()).ShouldBe(["user", "mayor", "user", "mayor"]);
        conversation[0].GetProperty("id").GetGuid().ShouldBe(first.Bead.Id);
        conversation[0].GetProperty("text").GetString().ShouldBe("Good morning, mayor.");
        conversation[1].GetProperty("inReplyTo").GetGuid().ShouldBe(first.Bead.Id);
        conversation[1].GetProperty("text").GetString()!.ShouldContain("I hear you");
        conversation[2].GetProperty("id").GetGuid().ShouldBe(second.Bead.Id);
        conversation[3].GetProperty("inReplyTo").GetGuid().ShouldBe(second.Bead.Id);
        conversation[3].GetProperty("text").GetString()!.ShouldContain("slung 'Document the API' into api");
        conversation.Where(line => line.GetProperty("from").GetString() == "user")
            .ShouldAllBe(line => line.GetProperty("status").GetString() == "closed");

        (await Api.BeadsAsync(apiRig)).Select(b => b.Title).ShouldContain("Document the API");
    }

    private async Task<IReadOnlyList<JsonElement>> ConversationAsync(Func<IReadOnlyList<JsonElement>, bool> condition, string what) =>
        await Eventually.MatchAsync(async () =>
            {
                var view = await Api.Http.GetFromJsonAsync<JsonElement>($"api/towns/{TownId}/mayor", GastownApi.Json);
                return (IReadOnlyList<JsonElement>)[.. view.GetProperty("conversation").EnumerateArray()];
            }, condition, what);
}
