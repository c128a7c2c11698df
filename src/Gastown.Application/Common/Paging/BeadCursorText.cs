using System.Globalization;
using System.Text;

namespace Gastown.Application.Common.Paging;

/// <summary>Opaque keyset cursors for bead listings: base64url of "createdAtMicroseconds:id".</summary>
public static class BeadCursorText
{
    public static string Encode(BeadCursor cursor) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{(cursor.CreatedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10}:{cursor.Id:N}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string? text, out BeadCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text)) return true;
        try
        {
            var padded = text.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split(':');
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var micros)
                && Guid.TryParseExact(parts[1], "N", out var id))
            {
                cursor = new BeadCursor(DateTimeOffset.UnixEpoch.AddTicks(micros * 10), id);
                return true;
            }
        }
        catch (FormatException)
        {
        }
        return false;
    }
}
