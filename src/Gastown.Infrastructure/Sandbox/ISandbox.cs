namespace Gastown.Infrastructure.Sandbox;

/// <summary>
/// The one boundary around every process Gastown starts on a town's behalf: agents, review gates, and git run in a
/// rig's or town's workspace (decision 0021). One implementation per mechanism.
/// </summary>
public interface ISandbox
{
    SandboxMode Mode { get; }

    /// <summary>Why this sandbox cannot start processes (found once, at first use), or null when it can.</summary>
    string? Problem { get; }

    /// <summary>
    /// The start info that runs <paramref name="command"/> confined to its view, with an environment built from the
    /// allow-list plus the command's own variables (never the rest of the server's). Callers set redirections only.
    /// </summary>
    ProcessStartInfo StartInfo(SandboxCommand command);
}
