namespace Gastown.Infrastructure.Tests.Support;

public static class Processes
{
    /// <summary>Alive and not a zombie (in a container nothing may reap an orphan, so a dead one can linger as Z).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 1)..].TrimStart()[0];
            return state is not ('Z' or 'X');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
