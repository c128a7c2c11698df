using Gastown.Cli;
using Gastown.Cli.Hosting;

return await CliApp.RunAsync(args, Terminal.FromConsole());
