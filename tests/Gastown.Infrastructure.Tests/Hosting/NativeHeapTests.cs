using System.Runtime.InteropServices;
using Gastown.Infrastructure.Hosting;

namespace Gastown.Infrastructure.Tests.Hosting;

/// <summary>
/// The native heap calls of decision 0020, on this machine's glibc: freed memory that malloc keeps in holes of its heap
/// goes back to the system when trimmed. Memory, not time: the figures are the process's own RssAnon.
/// </summary>
public sealed class NativeHeapTests
{
    private const int BlockSize = 100 * 1024; // Below malloc's mmap threshold: served from an arena, as SQLite's are.
    private const int Blocks = 400;

    [Fact]
    public void Freed_native_memory_left_in_holes_is_given_back_by_a_trim()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "malloc_trim is glibc's (Linux)");
        var filler = new byte[BlockSize];
        Array.Fill(filler, (byte)0x5a);
        var blocks = new IntPtr[Blocks];
        for (var i = 0; i < Blocks; i++)
        {
            blocks[i] = Marshal.AllocHGlobal(BlockSize);
            Marshal.Copy(filler, 0, blocks[i], BlockSize); // Touched, so resident.
        }
        try
        {
            // Every other block freed: 20 MB in holes between live blocks, which free() alone cannot return.
            for (var i = 0; i < Blocks; i += 2)
            {
                Marshal.FreeHGlobal(blocks[i]);
                blocks[i] = IntPtr.Zero;
            }
            var before = RssAnonKilobytes();

            NativeHeap.Trim().ShouldBeTrue();

            var released = before - RssAnonKilobytes();
            released.ShouldBeGreaterThan(Blocks / 2 * BlockSize / 1024 / 4, $"RssAnon went from {before} kB down by only {released} kB");
        }
        finally
        {
            foreach (var block in blocks.Where(block => block != IntPtr.Zero)) Marshal.FreeHGlobal(block);
        }
    }

    [Fact]
    public void Capping_the_arenas_applies_on_linux_unless_the_environment_already_does()
    {
        var expected = OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is null;
        NativeHeap.LimitArenas().ShouldBe(expected);
    }

    private static long RssAnonKilobytes()
    {
        var line = File.ReadLines("/proc/self/status").Single(line => line.StartsWith("RssAnon:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
