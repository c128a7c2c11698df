using Gastown.Application.Common.Ports;
using Gastown.Domain.Agents;
using Gastown.Infrastructure.Agents;
using Gastown.Infrastructure.Agents.Presets;
using Gastown.Infrastructure.Container;
using Gastown.Infrastructure.Tests.Support;
using Microsoft.Extensions.Options;

namespace Gastown.Infrastructure.Tests.Agents;

/// <summary>What each preset starts: argument lists, private homes, the MCP bearer by reference, keys only in the environment.</summary>
public sealed class PresetTests : IDisposable
{
    private const string Key = "sk-secret-key-123";
    private const string Token = "session-token-xyz";
    private static readonly Uri Mcp = new("http://127.0.0.1:5999/mcp");

    private readonly TempDirectory _temp = new();
    private readonly AgentsOptions _options = new();

    public PresetTests()
    {
        // A tools folder with (empty) binaries, so presets find their CLI without a real install.
        var bin = Directory.CreateDirectory(_temp.Combine("tools", "node_modules", ".bin")).FullName;
        File.WriteAllText(_temp.Combine("tools", "package.json"), "{}");
        foreach (var cli in AgentClis.All) File.WriteAllText(Path.Combine(bin, cli.Binary), "");
        _options.ToolsDirectory = _temp.Combine("tools");
        _options.Endpoints.Anthropic = new AgentsOptions.EndpointOptions { BaseUrl = "http://127.0.0.1:9/", ApiKey = Key };
        _options.Endpoints.OpenAI = new AgentsOptions.EndpointOptions { BaseUrl = "http://127.0.0.1:9", ApiKey = Key };
        _options.Endpoints.Gemini = new AgentsOptions.EndpointOptions { BaseUrl = "http://127.0.0.1:9", ApiKey = Key };
    }

    public void Dispose() => _temp.Dispose();

    private AgentPresets Presets(ContainerOptions? container = null) =>
        new(Options.Create(_options), Options.Create(container ?? new ContainerOptions { DemoAgentCommand = ["dotnet", "demo.dll", "demo-agent"] }),
            new AgentTools(Options.Create(_options)));

    private static AgentLaunch Launch(AgentRole role = AgentRole.Polecat, string model = "kilo/auto", AgentOverrides? overrides = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), role, "Maple", 3, "Add a greeting", model, Token, null,
            role == AgentRole.Mayor ? null : "gt/maple/1234abcd", overrides);

    private AgentInvocation Build(string preset, AgentLaunch? launch = null, string? resume = null)
    {
        _options.Polecat.Preset = preset;
        _options.Mayor.Preset = preset;
        var built = Presets().Build(launch ?? Launch(), _temp.Combine("work"), _temp.Combine("home"), Mcp, resume);
        built.IsSuccess.ShouldBeTrue(string.Join("; ", built.Errors));
        return built.Value;
    }

    [Theory]
    [InlineData("claude")]
    [InlineData("codex")]
    [InlineData("opencode")]
    [InlineData("kilo")]
    [InlineData("gemini")]
    public void No_secret_is_in_the_arguments_and_the_bearer_is_a_reference_the_cli_expands(string preset)
    {
        var invocation = Build(preset);

        invocation.FileName.ShouldBe(_temp.Combine("tools", "node_modules", ".bin", AgentClis.Find(preset)!.Binary));
        var arguments = string.Join("\n", invocation.Arguments);
        arguments.ShouldNotContain(Key);
        arguments.ShouldNotContain(Token);
        string.Join("\n", invocation.WorkspaceFiles.Values).ShouldNotContain(Key);
        string.Join("\n", invocation.WorkspaceFiles.Values).ShouldNotContain(Token);
        invocation.Environment["HOME"].ShouldBe(_temp.Combine("home"));
        // Claude's polecat reads its prompt (and later nudges) from stdin; every other CLI takes it as an argument.
        invocation.CloseInput.ShouldBe(preset != "claude");
        (invocation.FirstInput is null).ShouldBe(preset != "claude");
        invocation.FirstInput?.ShouldNotContain(Key);
        invocation.FirstInput?.ShouldNotContain(Token);
        invocation.Parser.ShouldNotBeNull();
        // The prompt is the shared role prompt with the protocol.
        var prompt = arguments + invocation.FirstInput;
        prompt.ShouldContain("Call gt_prime first");
        prompt.ShouldContain("gt_done");
        prompt.ShouldContain("gt_escalate");
        // The bead's default model (kilo/auto) gives way to nothing configured: no model flag for the CLI's default.
        arguments.ShouldNotContain("kilo/auto");
    }

    [Fact]
    public void Claude_gets_its_mcp_server_inline_tools_allowed_stream_json_and_a_private_config_dir()
    {
        _options.Polecat.Model = "claude-sonnet-4-5";
        var invocation = Build("claude");

        var mcpConfig = invocation.Arguments[invocation.Arguments.IndexOf("--mcp-config") + 1];
        mcpConfig.ShouldContain("\"url\":\"http://127.0.0.1:5999/mcp\"");
        mcpConfig.ShouldContain("Bearer ${GASTOWN_SESSION_TOKEN}");
        invocation.Arguments[invocation.Arguments.IndexOf("--allowedTools") + 1].ShouldContain("mcp__gastown__gt_done");
        invocation.Arguments.ShouldContain("stream-json");
        invocation.Arguments[invocation.Arguments.IndexOf("--model") + 1].ShouldBe("claude-sonnet-4-5");
        invocation.Environment["ANTHROPIC_BASE_URL"].ShouldBe("http://127.0.0.1:9");
        invocation.Environment["ANTHROPIC_API_KEY"].ShouldBe(Key);
        invocation.Environment["CLAUDE_CONFIG_DIR"].ShouldStartWith(_temp.Combine("home"));
        invocation.Environment["DISABLE_TELEMETRY"].ShouldBe("1");
    }

    [Fact]
    public void A_claude_polecat_takes_its_prompt_as_the_first_stream_json_message_and_the_mayor_as_an_argument()
    {
        var polecat = Build("claude");
        polecat.Arguments.ShouldContain("--input-format");
        polecat.Arguments[polecat.Arguments.IndexOf("--input-format") + 1].ShouldBe("stream-json");
        polecat.Arguments.ShouldContain("--replay-user-messages");
        polecat.CloseInput.ShouldBeFalse();
        using (var first = System.Text.Json.JsonDocument.Parse(polecat.FirstInput!))
        {
            first.RootElement.GetProperty("type").GetString().ShouldBe("user");
            var content = first.RootElement.GetProperty("message").GetProperty("content")[0];
            content.GetProperty("text").GetString()!.ShouldContain("Call gt_prime first");
        }
        polecat.FirstInput!.ShouldNotContain('\n');

        var mayor = Build("claude", Launch(AgentRole.Mayor));
        mayor.Arguments.ShouldNotContain("--input-format");
        mayor.CloseInput.ShouldBeTrue();
        mayor.FirstInput.ShouldBeNull();
        mayor.Arguments[mayor.Arguments.IndexOf("-p") + 1].ShouldContain("mayor");
    }

    [Fact]
    public void Kilo_takes_everything_from_its_config_content_with_the_key_by_reference()
    {
        var invocation = Build("kilo", Launch(model: "openai/gpt-5"));

        var config = invocation.Environment["KILO_CONFIG_CONTENT"];
        config.ShouldContain("Bearer {env:GASTOWN_SESSION_TOKEN}");
        config.ShouldContain("{env:GASTOWN_MODEL_API_KEY}");
        config.ShouldContain("\"baseURL\":\"http://127.0.0.1:9/v1\"");
        config.ShouldContain("\"model\":\"gastown/gpt-5\"");
        config.ShouldNotContain(Key);
        invocation.Environment["GASTOWN_MODEL_API_KEY"].ShouldBe(Key);
        invocation.Environment["KILO_TELEMETRY_LEVEL"].ShouldBe("off");
        invocation.Environment["KILO_DISABLE_AUTOUPDATE"].ShouldBe("1");
        invocation.Arguments[0].ShouldBe("run");
    }

    [Fact]
    public void Gemini_settings_go_into_the_worktree_without_secrets()
    {
        var invocation = Build("gemini");
        invocation.WorkspaceFiles.Keys.ShouldBe([GeminiPreset.SettingsFile]);
        invocation.WorkspaceFiles[GeminiPreset.SettingsFile].ShouldContain("Bearer ${GASTOWN_SESSION_TOKEN}");
        invocation.Environment["GEMINI_API_KEY"].ShouldBe(Key);
        invocation.Environment["GOOGLE_GEMINI_BASE_URL"].ShouldBe("http://127.0.0.1:9");
        invocation.Environment["GEMINI_CLI_TRUST_WORKSPACE"].ShouldBe("true");
    }

    [Fact]
    public void A_towns_overrides_win_over_the_server_preset_model_and_endpoint()
    {
        var overrides = new AgentOverrides("codex", "gpt-5-town",
            new Dictionary<string, ModelEndpoint> { ["openai"] = new("http://127.0.0.1:7777", null) });
        var invocation = Build("claude", Launch(overrides: overrides));

        invocation.FileName.ShouldEndWith("codex");
        invocation.Arguments.ShouldContain("model=\"gpt-5-town\"");
        invocation.Arguments.ShouldContain("model_providers.gastown.base_url=\"http://127.0.0.1:7777/v1\"");
        invocation.Environment["GASTOWN_MODEL_API_KEY"].ShouldBe(Key, "the key not overridden comes from the server");
    }

    [Fact]
    public void The_mayor_resumes_its_session_and_keeps_it_across_runs()
    {
        Build("claude", Launch(AgentRole.Mayor), resume: "s-42").Arguments.ShouldContain("s-42");
        var codex = Build("codex", Launch(AgentRole.Mayor), resume: "t-7").Arguments;
        codex.Take(2).ShouldBe(["exec", "resume"]);
        codex.ShouldNotContain("--ephemeral");
        Build("opencode", Launch(AgentRole.Mayor), resume: "ses_1").Arguments.ShouldContain("--session");
    }

    [Theory]
    [InlineData("claude", "--resume")]
    [InlineData("codex", "resume")]
    [InlineData("opencode", "--session")]
    [InlineData("kilo", "--session")]
    [InlineData("gemini", "--resume")]
    public void A_polecat_continues_its_session_with_the_clis_own_flag_and_only_a_short_resume_message(string preset, string flag)
    {
        var fresh = Build(preset, Launch() with { Prompt = "Add a greeting\n\nA long bead body." });
        var resumed = Build(preset, Launch() with { Prompt = "Add a greeting\n\nA long bead body.", ResumeSessionId = "s-9" }, resume: "s-9");

        fresh.Arguments.ShouldNotContain("s-9");
        fresh.Arguments.ShouldNotContain("--ephemeral", "every run keeps its session, so the next can continue it");
        resumed.Arguments.ShouldContain(flag);
        resumed.Arguments.ShouldContain("s-9");
        var freshPrompt = PromptOf(fresh);
        var resumePrompt = PromptOf(resumed);
        freshPrompt.ShouldContain("Protocol:");
        resumePrompt.ShouldStartWith(RolePrompt.ResumeMarker);
        resumePrompt.ShouldNotContain("A long bead body.", customMessage: "the session already holds the bead");
        resumePrompt.Length.ShouldBeLessThan(freshPrompt.Length);
    }

    [Theory]
    [InlineData("claude")]
    [InlineData("codex")]
    [InlineData("gemini")]
    public void A_resumed_run_carries_the_nudges_that_waited_for_it_and_keeps_the_beads_title(string preset)
    {
        var prompt = "Nudge from overseer: Use the date helper.\nNudge from mayor: Keep it short.\n\nAdd a greeting\n\nA long bead body.";
        var resumed = Build(preset, Launch() with { Prompt = prompt, ResumeSessionId = "s-9" }, resume: "s-9");

        var message = PromptOf(resumed);
        message.ShouldStartWith("Nudge from overseer: Use the date helper.\nNudge from mayor: Keep it short.\n");
        message.ShouldContain($"{RolePrompt.ResumeMarker} on your bead \"Add a greeting\"");
        message.ShouldNotContain("A long bead body.");
    }

    /// <summary>The prompt as the CLI gets it: the text of its first stdin message (Claude's polecat), else the argument naming the bead.</summary>
    private static string PromptOf(AgentInvocation invocation)
    {
        if (invocation.FirstInput is null) return invocation.Arguments.Single(a => a.Contains("Add a greeting", StringComparison.Ordinal));
        invocation.Arguments.ShouldNotContain(a => a.Contains("Add a greeting", StringComparison.Ordinal));
        using var first = System.Text.Json.JsonDocument.Parse(invocation.FirstInput);
        return first.RootElement.GetProperty("message").GetProperty("content")[0].GetProperty("text").GetString()!;
    }

    [Fact]
    public void Without_a_preset_a_configured_command_runs_else_the_demo_agent()
    {
        var presets = Presets();
        presets.PresetName("polecat").ShouldBe(AgentPresets.Demo);
        var demo = presets.Build(Launch(), _temp.Path, _temp.Path, Mcp, null).Value;
        demo.FileName.ShouldBe("dotnet");

        // The older key still works.
        var legacy = new ContainerOptions { DemoAgentCommand = ["dotnet"] };
        legacy.Agents["polecat"] = new AgentCommandOptions { Command = ["/bin/echo", "{model}", "{prompt}"] };
        var command = Presets(legacy);
        command.PresetName("polecat").ShouldBe(AgentPresets.Command);
        var built = command.Build(Launch(model: "m-1"), _temp.Path, _temp.Path, Mcp, null).Value;
        built.FileName.ShouldBe("/bin/echo");
        built.Arguments.ShouldBe(["m-1", "Add a greeting"]);
    }

    [Fact]
    public void A_missing_cli_is_a_clear_error_naming_the_install_command()
    {
        if ((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(folder => File.Exists(Path.Combine(folder, "gemini"))))
            Assert.Skip("gemini is on PATH here, so it is never missing");
        File.Delete(_temp.Combine("tools", "node_modules", ".bin", "gemini"));
        _options.Polecat.Preset = "gemini";
        var built = Presets().Build(Launch(), _temp.Path, _temp.Path, Mcp, null);
        built.IsSuccess.ShouldBeFalse();
        built.Errors.Single().ShouldContain("agents install gemini");
    }
}
