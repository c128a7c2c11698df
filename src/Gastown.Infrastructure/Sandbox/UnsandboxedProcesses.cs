namespace Gastown.Infrastructure.Sandbox;

/// <summary>
/// Mode <c>none</c>: processes run as the server's user and see what it sees. Only the environment is still built from
/// the allow-list. Production refuses it unless the operator opts in (<c>Gastown:Sandbox:AllowUnsandboxed</c>).
/// </summary>
public sealed class UnsandboxedProcesses(string sharedHome) : ISandbox
{
    public SandboxMode Mode => SandboxMode.None;

    public string? Problem => null;

    public ProcessStartInfo StartInfo(SandboxCommand command)
    {
        var start = new ProcessStartInfo(command.FileName) { WorkingDirectory = command.WorkingDirectory, UseShellExecute = false };
        foreach (var argument in command.Arguments) start.ArgumentList.Add(argument);
        var home = command.View.Home ?? sharedHome;
        Directory.CreateDirectory(home);
        SandboxEnvironment.Build(start.Environment, home, command.Environment);
        return start;
    }
}
