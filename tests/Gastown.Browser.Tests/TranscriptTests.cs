using System.Text.Json;

namespace Gastown.Browser.Tests;

/// <summary>
/// How the dashboard's own modules, loaded by the browser from the real server, read the event kinds and fields
/// the demo agent does not produce yet (normalized stream events, stored mayor replies, usage).
/// </summary>
public sealed class TranscriptTests(BrowserFixture browser) : DashboardTest(browser)
{
    private async Task<string[]> LineAsync(object streamEvent)
    {
        var json = JsonSerializer.Serialize(streamEvent);
        return await Page.EvaluateAsync<string[]>(
            $"async () => {{ const m = await import('/terminal.js'); const e = {json}; return m.transcriptLine(e, e.text ?? ''); }}");
    }

    [Fact]
    public async Task Each_stream_event_kind_reads_as_a_transcript_line_and_raw_output_stays()
    {
        await SignInAsync();

        (await LineAsync(new { kind = "text", text = "I will add the greeting." })).ShouldBe(["line-said", "I will add the greeting."]);
        (await LineAsync(new { kind = "tool_call", text = "", detail = new { tool = "Edit", args = "README.md" } })).ShouldBe(["line-tool", "▸ Edit README.md"]);
        (await LineAsync(new { kind = "tool_result", text = "1 file changed", detail = new { tool = "Edit", ok = "true" } })).ShouldBe(["line-result", "◂ Edit ✓: 1 file changed"]);
        (await LineAsync(new { kind = "tool_result", text = "no such file", detail = new { tool = "Read", ok = "false" } })).ShouldBe(["line-error", "◂ Read ✗ failed: no such file"]);
        (await LineAsync(new { kind = "error", text = "rate limited" })).ShouldBe(["line-error", "✗ rate limited"]);
        (await LineAsync(new { kind = "usage", text = "", detail = new { inputTokens = "1200", outputTokens = "300", cachedTokens = "0", costUsd = "0.0123" } }))
            .ShouldBe(["line-usage", "Σ 1200 in · 300 out · $0.0123"]);
        (await LineAsync(new { kind = "output", stream = "stdout", text = "{\"type\":\"raw\"}" })).ShouldBe(["line-stdout", "{\"type\":\"raw\"}"]);
        (await LineAsync(new { kind = "output", stream = "stderr", text = "warning" })).ShouldBe(["line-stderr", "warning"]);
        (await LineAsync(new { kind = "status", text = "started" })).ShouldBe(["line-status", "● started"]);
    }

    [Fact]
    public async Task A_stored_conversation_is_shown_both_sides_in_order_and_usage_is_summed()
    {
        await SignInAsync();
        var sides = await Page.EvaluateAsync<string[]>("""
            async () => {
              const { conversation } = await import('/town.js');
              const view = { conversation: [
                { id: '1', role: 'user', body: 'hello', status: 'closed', createdAt: '2026-01-01T00:00:00Z' },
                { id: '2', role: 'mayor', body: 'hi there', createdAt: '2026-01-01T00:00:01Z' } ] };
              return conversation(view).map(entry => `${entry.from}:${entry.text}:${entry.state ?? ''}`);
            }
            """);
        sides.ShouldBe(["user:hello:read", "mayor:hi there:"]);

        var usage = await Page.EvaluateAsync<string>("""
            async () => {
              const { formatUsage, sumUsage } = await import('/dom.js');
              return formatUsage(sumUsage([
                { usage: { inputTokens: 1000, outputTokens: 200, cachedTokens: 0, costUsd: 0.5 } },
                { usage: null },
                { usage: { inputTokens: 500, outputTokens: 100, cachedTokens: 50, costUsd: 0.25 } } ]));
            }
            """);
        usage.ShouldBe("1.5K in · 300 out · 50 cached · $0.7500");
    }
}
