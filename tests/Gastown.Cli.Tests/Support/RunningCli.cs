using Gastown.Cli.Hosting;

namespace Gastown.Cli.Tests.Support;

/// <summary>A `gastown` command running in-process; Stop cancels it the way Ctrl-C does.</summary>
public sealed class RunningCli
{
    private readonly LiveWriter _output = new();
    private readonly LiveWriter _error = new();
    private readonly CancellationTokenSource _stop = new();

    public RunningCli(string input, IReadOnlyDictionary<string, string> environment, string[] args)
    {
        var terminal = new Terminal(new StringReader(input), _output, _error, environment, interactive: false);
        Completion = RunAsync(terminal, args);
    }

    public Task<CliRun> Completion { get; }

    /// <summary>What it printed on stdout so far.</summary>
    public string Output => _output.Text;

    public void Stop() => _stop.Cancel();

    public void StopAfter(TimeSpan delay) => _stop.CancelAfter(delay);

    private async Task<CliRun> RunAsync(Terminal terminal, string[] args)
    {
        await Task.Yield();
        var code = await CliApp.RunAsync(args, terminal, _stop.Token);
        _stop.Dispose();
        return new CliRun(code, _output.Text, _error.Text);
    }

    /// <summary>A text writer safe to read while the command writes.</summary>
    private sealed class LiveWriter : TextWriter
    {
        private readonly System.Text.StringBuilder _text = new();

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public string Text
        {
            get { lock (_text) return _text.ToString(); }
        }

        public override void Write(char value)
        {
            lock (_text) _text.Append(value);
        }

        public override void Write(string? value)
        {
            lock (_text) _text.Append(value);
        }
    }
}
