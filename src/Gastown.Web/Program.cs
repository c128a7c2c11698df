using Gastown.Infrastructure.Container.Demo;
using Gastown.Infrastructure.Hosting;
using Gastown.Web;
using Gastown.Web.Cli;

// The same executable is the built-in demo agent, so the default install needs nothing else to do real work.
if (args is ["demo-agent", .. var agentArgs]) return await DemoAgent.RunAsync(agentArgs);

// Before the server's threads allocate: SQLite's memory spread over many malloc arenas is never given back (0020).
NativeHeap.LimitArenas();

var isOperatorCommand = OperatorCommands.Handles(args);
var builder = WebApplication.CreateBuilder(isOperatorCommand ? [] : args);
builder.Services.AddGastownWeb(builder.Configuration, builder.Environment);
var app = builder.Build();

if (isOperatorCommand) return await OperatorCommands.RunAsync(app.Services, args, Console.Out);

// The sandbox is chosen (and its Production rule applied) before anything is served: a refusal stops the start here.
try
{
    app.Services.GetRequiredService<Gastown.Infrastructure.Sandbox.ISandbox>();
}
catch (InvalidOperationException e)
{
    await Console.Error.WriteLineAsync($"Gastown cannot start: {e.Message}");
    return 1;
}

app.UseGastown();
await OperatorCommands.PrintAdminTokenOnFirstStartAsync(app.Services, Console.Out);
await app.RunAsync();
return 0;

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
