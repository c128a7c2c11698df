namespace Gastown.Infrastructure.Container;

/// <summary>Splits a process's output into lines, cutting overlong ones so one runaway line cannot exhaust memory.</summary>
internal static class OutputLineReader
{
    public const int MaxLineLength = 16 * 1024;

    public static async Task ReadLinesAsync(TextReader reader, Action<string> onLine)
    {
        var buffer = new char[4096];
        var line = new StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory())) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                var c = buffer[i];
                if (c == '\n')
                {
                    Emit(line, onLine);
                }
                else
                {
                    line.Append(c);
                    if (line.Length >= MaxLineLength) Emit(line, onLine);
                }
            }
        }
        if (line.Length > 0) Emit(line, onLine);
    }

    private static void Emit(StringBuilder line, Action<string> onLine)
    {
        if (line.Length > 0 && line[^1] == '\r') line.Length--;
        onLine(line.ToString());
        line.Clear();
    }
}
