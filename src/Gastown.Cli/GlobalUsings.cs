// What nearly every file of this project uses (as jasontaylordev/CleanArchitecture does); a file names the rest.
global using System.CommandLine;
global using Gastown.Cli.Api;
global using Gastown.Cli.Hosting;
global using Gastown.Cli.Output;
