using Gastown.Cli;

return await CliApp.RunAsync(args, Terminal.FromConsole());
