using System.Globalization;
using System.Text;
using Gastown.Application.Common.Ports;

namespace Gastown.Application.Common.Paging;

/// <summary>One page of a listing; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>Opaque keyset cursors for bead listings: base64url of "createdAtMs:id".</summary>
public static class BeadCursorText
{
    public static string Encode(BeadCursor cursor) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{cursor.CreatedAt.ToUnixTimeMilliseconds()}:{cursor.Id:N}"))
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
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
                && Guid.TryParseExact(parts[1], "N", out var id))
            {
                cursor = new BeadCursor(DateTimeOffset.FromUnixTimeMilliseconds(ms), id);
                return true;
            }
        }
        catch (FormatException)
        {
        }
        return false;
    }
}
