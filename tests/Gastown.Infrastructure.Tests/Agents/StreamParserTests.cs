using Gastown.Infrastructure.Agents.Streams;
using Gastown.Infrastructure.Container;

namespace Gastown.Infrastructure.Tests.Agents;

/// <summary>Each CLI's JSON event stream (lines as the real binaries print them) into normalized events.</summary>
public sealed class StreamParserTests
{
    private static List<ParsedAgentEvent> Parse(IAgentStreamParser parser, params string[] lines)
    {
        var events = new List<ParsedAgentEvent>();
        foreach (var line in lines)
        {
            var parsed = new List<ParsedAgentEvent>();
            parser.TryParse(line, parsed).ShouldBeTrue(line);
            events.AddRange(parsed);
        }
        return events;
    }

    [Fact]
    public void Claude_counts_the_input_messages_it_took_and_the_turns_it_ended_through_the_interface()
    {
        // What Claude Code 2.1.197 prints with --input-format stream-json --replay-user-messages: a nudge written while
        // it works is replayed when taken (it rides on the next request), and one result ends the turn.
        IAgentStreamParser parser = new ClaudeStreamParser();
        var events = Parse(parser,
            """{"type":"system","subtype":"init","session_id":"s-1"}""",
            """{"type":"user","message":{"role":"user","content":[{"type":"text","text":"Your bead: Add a greeting"}]},"session_id":"s-1","isReplay":true}""",
            """{"type":"assistant","message":{"content":[{"type":"tool_use","id":"toolu_4","name":"Bash","input":{"command":"ls"}}]},"session_id":"s-1"}""",
            """{"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_4","type":"tool_result","content":"ok","is_error":false}]}}""");
        parser.InputsTaken.ShouldBe(1);
        parser.TurnsEnded.ShouldBe(0);

        events.AddRange(Parse(parser,
            """{"type":"user","message":{"role":"user","content":[{"type":"text","text":"Nudge: keep it short"}]},"session_id":"s-1","isReplay":true}""",
            """{"type":"result","subtype":"success","result":"done","session_id":"s-1","usage":{"input_tokens":1,"output_tokens":1}}"""));
        parser.InputsTaken.ShouldBe(2);
        parser.TurnsEnded.ShouldBe(1);
        // The replayed prompt is only counted; a replayed nudge shows as taken.
        events.Select(e => e.Kind).ShouldBe(["tool_call", "tool_result", "status", "usage"]);
        events[2].Text.ShouldBe("took a message from its input: Nudge: keep it short");
        ((IAgentStreamParser)new CodexStreamParser()).InputsTaken.ShouldBe(0);
    }

    [Fact]
    public void Claude_stream_json_gives_tool_calls_results_text_and_the_runs_usage()
    {
        var parser = new ClaudeStreamParser();
        var events = Parse(parser,
            """{"type":"system","subtype":"init","session_id":"s-1","tools":["Write"]}""",
            """{"type":"assistant","message":{"content":[{"type":"tool_use","id":"toolu_3","name":"mcp__gastown__gt_prime","input":{}}]},"session_id":"s-1"}""",
            """{"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_3","type":"tool_result","content":[{"type":"text","text":"ok"}]}]}}""",
            """{"type":"assistant","message":{"content":[{"type":"tool_use","id":"toolu_6","name":"Write","input":{"file_path":"/w/GREETING.md","content":"hi"}}]}}""",
            """{"type":"user","message":{"content":[{"tool_use_id":"toolu_6","type":"tool_result","content":"denied","is_error":true}]}}""",
            """{"type":"assistant","message":{"content":[{"type":"text","text":"All finished here."}]}}""",
            """{"type":"result","subtype":"success","result":"All finished here.","session_id":"s-1","total_cost_usd":0.002412,"usage":{"input_tokens":400,"cache_creation_input_tokens":5,"cache_read_input_tokens":40,"output_tokens":80}}""");

        events.Select(e => e.Kind).ShouldBe(["tool_call", "tool_result", "tool_call", "tool_result", "text", "usage"]);
        events[0].Detail!["tool"].ShouldBe("mcp__gastown__gt_prime");
        events[1].Detail!["ok"].ShouldBe("true");
        events[2].Detail!["args"].ShouldContain("GREETING.md");
        events[3].Detail!.ShouldBe(new Dictionary<string, string> { ["tool"] = "Write", ["ok"] = "false" });
        events[5].Detail!.ShouldBe(new Dictionary<string, string>
        {
            ["inputTokens"] = "405", ["outputTokens"] = "80", ["cachedTokens"] = "40", ["costUsd"] = "0.002412",
        });
        parser.SessionId.ShouldBe("s-1");
        parser.LastText.ShouldBe("All finished here.");
        parser.ToolsCalled.ShouldBe(["mcp__gastown__gt_prime", "Write"], ignoreOrder: true);
    }

    [Fact]
    public void Codex_json_gives_mcp_calls_commands_messages_and_turn_usage_without_the_cached_part_in_input()
    {
        var parser = new CodexStreamParser();
        var events = Parse(parser,
            """{"type":"thread.started","thread_id":"t-9"}""",
            """{"type":"turn.started"}""",
            """{"type":"item.started","item":{"id":"item_1","type":"mcp_tool_call","server":"gastown","tool":"gt_prime","arguments":{},"status":"in_progress"}}""",
            """{"type":"item.completed","item":{"id":"item_1","type":"mcp_tool_call","server":"gastown","tool":"gt_prime","arguments":{},"result":{"content":[]},"error":null,"status":"completed"}}""",
            """{"type":"item.started","item":{"id":"item_2","type":"command_execution","command":"bash -lc 'echo hi > f'","status":"in_progress"}}""",
            """{"type":"item.completed","item":{"id":"item_2","type":"command_execution","command":"bash -lc 'echo hi > f'","aggregated_output":"","exit_code":1,"status":"failed"}}""",
            """{"type":"item.completed","item":{"id":"item_4","type":"agent_message","text":"Done."}}""",
            """{"type":"turn.completed","usage":{"input_tokens":400,"cached_input_tokens":40,"output_tokens":80}}""");

        events.Select(e => e.Kind).ShouldBe(["tool_call", "tool_result", "tool_call", "tool_result", "text", "usage"]);
        events[0].Detail!["tool"].ShouldBe("gt_prime");
        events[3].Detail!["ok"].ShouldBe("false");
        events[5].Detail!["inputTokens"].ShouldBe("360");
        events[5].Detail!["cachedTokens"].ShouldBe("40");
        events[5].Detail!.ContainsKey("costUsd").ShouldBeFalse();
        parser.SessionId.ShouldBe("t-9");
    }

    [Fact]
    public void Opencode_and_kilo_json_give_finished_tool_parts_text_and_step_usage()
    {
        var parser = new OpenCodeStreamParser();
        var events = Parse(parser,
            """{"type":"step_start","sessionID":"ses_1","part":{"type":"step-start"}}""",
            """{"type":"tool_use","sessionID":"ses_1","part":{"type":"tool","tool":"write","callID":"c6","state":{"status":"completed","input":{"filePath":"/w/GREETING.md"},"output":"Wrote file successfully."}}}""",
            """{"type":"tool_use","sessionID":"ses_1","part":{"type":"tool","tool":"bash","callID":"c7","state":{"status":"error","input":{"command":"false"},"error":"exit 1"}}}""",
            """{"type":"text","sessionID":"ses_1","part":{"type":"text","text":"All finished here."}}""",
            """{"type":"step_finish","sessionID":"ses_1","part":{"type":"step-finish","cost":0.5,"tokens":{"input":90,"output":20,"reasoning":2,"cache":{"read":10,"write":0}}}}""");

        events.Select(e => e.Kind).ShouldBe(["tool_call", "tool_result", "tool_call", "tool_result", "text", "usage"]);
        events[1].Detail!.ShouldBe(new Dictionary<string, string> { ["tool"] = "write", ["ok"] = "true" });
        events[3].Detail!["ok"].ShouldBe("false");
        events[5].Detail!.ShouldBe(new Dictionary<string, string>
        {
            ["inputTokens"] = "90", ["outputTokens"] = "22", ["cachedTokens"] = "10", ["costUsd"] = "0.5",
        });
        parser.SessionId.ShouldBe("ses_1");
    }

    [Fact]
    public void Gemini_stream_json_gathers_text_deltas_and_reports_result_stats()
    {
        var parser = new GeminiStreamParser();
        var events = Parse(parser,
            """{"type":"init","session_id":"g-1","model":"gemini-2.5-pro"}""",
            """{"type":"message","role":"user","content":"You are Maple"}""",
            """{"type":"tool_use","tool_name":"mcp_gastown_gt_done","tool_id":"x1","parameters":{"summary":"Wrote it."}}""",
            """{"type":"tool_result","tool_id":"x1","status":"success","output":"ok"}""",
            """{"type":"message","role":"assistant","content":"All finished ","delta":true}""",
            """{"type":"message","role":"assistant","content":"here.","delta":true}""",
            """{"type":"result","status":"success","stats":{"total_tokens":480,"input_tokens":400,"output_tokens":80,"cached":40}}""");

        events.Select(e => e.Kind).ShouldBe(["tool_call", "tool_result", "text", "usage"]);
        events[0].Detail!["tool"].ShouldBe("mcp_gastown_gt_done");
        events[1].Detail!["tool"].ShouldBe("mcp_gastown_gt_done");
        events[2].Text.ShouldBe("All finished here.");
        events[3].Detail!["inputTokens"].ShouldBe("360");
        parser.SessionId.ShouldBe("g-1");
    }

    [Theory]
    [InlineData("plain text from the CLI")]
    [InlineData("{not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"no_type\":1}")]
    public void Lines_outside_the_json_stream_are_not_parsed_and_pass_through_raw(string line)
    {
        foreach (IAgentStreamParser parser in new IAgentStreamParser[] { new ClaudeStreamParser(), new CodexStreamParser(), new OpenCodeStreamParser(), new GeminiStreamParser() })
            parser.TryParse(line, []).ShouldBeFalse(parser.GetType().Name);
    }

    [Fact]
    public void The_usage_of_a_usage_event_reads_back_from_its_detail()
    {
        var parsed = Parse(new ClaudeStreamParser(),
            """{"type":"result","subtype":"success","total_cost_usd":0.25,"usage":{"input_tokens":3,"output_tokens":4,"cache_read_input_tokens":5}}""").Single();
        parsed.Kind.ShouldBe(AgentEvent.UsageKind);
        JsonStreamParser.UsageOf(parsed).ShouldBe(new AgentUsage(3, 4, 5, 0.25m));
    }

    [Fact]
    public void Claude_giving_up_on_a_429_is_a_rate_limit_with_no_reset_named()
    {
        // What Claude Code 2.1.197 prints when its model endpoint keeps answering 429 (recorded against a local server).
        var parser = new ClaudeStreamParser();
        var events = Parse(parser,
            """{"type":"system","subtype":"init","session_id":"s-2","tools":["Write"]}""",
            """{"type":"assistant","message":{"model":"<synthetic>","role":"assistant","content":[{"type":"text","text":"API Error: Request rejected (429) · Number of requests has exceeded your rate limit"}]},"session_id":"s-2","error":"rate_limit"}""",
            """{"type":"result","subtype":"success","is_error":true,"api_error_status":429,"result":"API Error: Request rejected (429) · Number of requests has exceeded your rate limit","session_id":"s-2","total_cost_usd":0,"usage":{"input_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}}""");

        parser.RateLimit.ShouldNotBeNull();
        (parser.RateLimit.ResetAt, parser.RateLimit.RetryAfter).ShouldBe(((DateTimeOffset?)null, (TimeSpan?)null));
        events.ShouldContain(e => e.Kind == "error" && e.Text.StartsWith("API error 429", StringComparison.Ordinal));
    }

    [Fact]
    public void Claude_recovering_within_the_run_is_no_rate_limit_and_other_errors_are_none()
    {
        var recovered = new ClaudeStreamParser();
        Parse(recovered,
            """{"type":"assistant","message":{"content":[{"type":"text","text":"API Error: Request rejected (429)"}]},"error":"rate_limit"}""",
            """{"type":"result","subtype":"success","result":"done","total_cost_usd":0.01,"usage":{"input_tokens":1,"output_tokens":1}}""");
        recovered.RateLimit.ShouldBeNull();

        var failed = new ClaudeStreamParser();
        Parse(failed, """{"type":"result","subtype":"success","is_error":true,"api_error_status":500,"result":"API Error: 500 internal error","usage":{}}""");
        failed.RateLimit.ShouldBeNull();
    }

    [Theory]
    [InlineData("stream error: 429 Too Many Requests; retry after 12 seconds", 12.0)]
    [InlineData("Rate limit reached for gpt-5 on tokens per min. Please try again in 1.5s.", 1.5)]
    [InlineData("You exceeded your current quota, please check your plan", null)]
    [InlineData("RESOURCE_EXHAUSTED: try again in 2 minutes", 120.0)]
    public void Codex_and_friends_name_a_rate_limit_and_its_wait_in_their_error_text(string message, double? seconds)
    {
        var parser = new CodexStreamParser();
        Parse(parser, $$$"""{"type":"turn.failed","error":{"message":"{{{message}}}"}}""");
        parser.RateLimit.ShouldNotBeNull().RetryAfter.ShouldBe(seconds is { } s ? TimeSpan.FromSeconds(s) : null);
    }

    [Fact]
    public void A_usage_limit_with_its_reset_epoch_is_a_rate_limit_until_then()
    {
        var reset = DateTimeOffset.UtcNow.AddHours(3);
        var limit = RateLimitText.Detect($"Claude AI usage limit reached|{reset.ToUnixTimeSeconds()}", DateTimeOffset.UtcNow).ShouldNotBeNull();
        limit.ResetAt.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(reset.ToUnixTimeSeconds()));
        RateLimitText.Detect("permission denied: cannot write file", DateTimeOffset.UtcNow).ShouldBeNull();
    }
}
