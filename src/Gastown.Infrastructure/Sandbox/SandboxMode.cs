namespace Gastown.Infrastructure.Sandbox;

public enum SandboxMode
{
    /// <summary>Processes run as the server's user with the server's view of the file system (environment still allow-listed).</summary>
    None,

    /// <summary>Each process in its own bubblewrap sandbox: own mount, PID, IPC and user namespaces.</summary>
    Bubblewrap,
}
