namespace Gastown.Cli.Hosting;

/// <summary>What `gastown` exits with, for scripts: the same numbers for every command.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Something else went wrong (a wait ran out, the terminal went away).</summary>
    public const int Failed = 1;

    /// <summary>Bad usage or bad input: an unknown option, a missing argument, a value the server found invalid (400).</summary>
    public const int Usage = 2;

    /// <summary>The town, rig, bead, agent or review does not exist, or is someone else's (404).</summary>
    public const int NotFound = 3;

    /// <summary>The server refused: no or a wrong token (401), not allowed (403), not now (409).</summary>
    public const int Refused = 4;

    /// <summary>The server failed (5xx) or could not be reached.</summary>
    public const int ServerError = 5;
}
