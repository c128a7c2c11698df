using System.Runtime.InteropServices;

namespace Gastown.Infrastructure.Hosting;

/// <summary>
/// The native heap of the server process (decision 0020). SQLite allocates its connections, schemas and page caches with
/// malloc from whichever thread-pool thread opens a ledger; glibc gives contending threads their own arenas (up to 8 per
/// core), and memory freed into one arena is rarely returned to the system. With thousands of rigs opened in turn (the
/// start-up scan, the watchdog's ticks) that fragmentation was most of the server's memory: 10,000 idle rigs with the
/// watchdog took 589 MB, and 403 MB with two arenas (docs/benchmarks.md).
/// </summary>
public static class NativeHeap
{
    private const int ArenaMaxParameter = -8; // M_ARENA_MAX in glibc's malloc.h.

    /// <summary>How many malloc arenas the process may have; what glibc's MALLOC_ARENA_MAX would set.</summary>
    public const int Arenas = 2;

    /// <summary>
    /// Caps glibc's malloc arenas before the server starts its threads. Does nothing where it does not apply (not Linux, a
    /// C library without mallopt) and leaves an explicit MALLOC_ARENA_MAX from the environment alone. True when applied.
    /// </summary>
    public static bool LimitArenas()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is not null) return false;
        try
        {
            return MallocOption(ArenaMaxParameter, Arenas) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Gives the free pages of every malloc arena back to the system (glibc's malloc_trim). Not Linux or no such call:
    /// nothing. True when memory was released.
    /// </summary>
    public static bool Trim()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return MallocTrim(0) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim", ExactSpelling = true)]
    private static extern int MallocTrim(nuint pad);

    // DllImport, not LibraryImport: two ints need no marshalling, and the source-generated form needs unsafe code.
    [DllImport("libc", EntryPoint = "mallopt", ExactSpelling = true)]
    private static extern int MallocOption(int parameter, int value);
}
