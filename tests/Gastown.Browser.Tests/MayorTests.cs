using System.Text.Json;

namespace Gastown.Browser.Tests;

public sealed class MayorTests(BrowserFixture browser) : DashboardTest(browser)
{
    [Fact]
    public async Task A_message_to_the_mayor_shows_in_the_chat_as_read_and_its_reply_is_shown()
    {
        var townId = await CreateTownAsync("alpha");
        await SignInAsync();
        await Page.GotoAsync($"/#/towns/{townId}");
        var mayor = Page.GetByRole(AriaRole.Region, new() { Name = "Mayor" });
        await mayor.GetByLabel("Message to the mayor").FillAsync("hello mayor");
        await mayor.GetByLabel("Message to the mayor").PressAsync("Enter");

        var mine = mayor.Locator(".chat-message[data-from=user]", new() { HasText = "hello mayor" });
        await Expect(mine).ToBeVisibleAsync();
        // Read by the mayor: said in words, not as a bead status ("closed" read like an error).
        await Expect(mine.Locator(".chat-state")).ToHaveTextAsync("read", new() { Timeout = 60_000 });

        if (await ServerStoresRepliesAsync(townId))
        {
            // The mcp update: the reply is stored, and the chat shows both sides.
            await Expect(mayor.Locator(".chat-message[data-from=mayor]")).ToContainTextAsync("I hear you");
        }
        else
        {
            // Today the demo mayor's reply is only in its live output.
            await mayor.GetByRole(AriaRole.Button, new() { Name = "Watch live" }).ClickAsync();
            await Expect(mayor.GetByRole(AriaRole.Log)).ToContainTextAsync("mayor: I hear you");
        }
        await CheckPageAsync("town-mayor");
        await AssertNoHorizontalOverflowAsync();
        ConsoleErrors.ShouldBeEmpty();
    }

    /// <summary>Whether getMayor carries the mayor's side (a conversation, or replies on the messages).</summary>
    private async Task<bool> ServerStoresRepliesAsync(Guid townId)
    {
        var view = await GetAsync($"api/towns/{townId}/mayor");
        if (view.TryGetProperty("conversation", out var conversation) && conversation.ValueKind == JsonValueKind.Array) return true;
        return view.TryGetProperty("messages", out var messages) && messages.EnumerateArray()
            .Any(message => message.TryGetProperty("reply", out _) || message.TryGetProperty("replies", out _));
    }
}
