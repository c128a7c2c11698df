using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Gastown.Domain.Git;

/// <summary>
/// Where a git URL points, for refusing the server's own network (S2): loopback, link-local (cloud metadata),
/// private, shared and unspecified addresses, in every spelling git and libcurl accept for an IPv4 address
/// (2130706433, 0x7f000001, 0177.0.0.1, 127.1) and for IPv6 ([::1], [::ffff:127.0.0.1], and the transition forms
/// that carry an IPv4 address: NAT64 [64:ff9b::7f00:1], 6to4, Teredo).
/// </summary>
public static partial class GitHost
{
    /// <summary>The host of a network git URL (https, http, ssh, git, user@host:path); null for a local path or garbage.</summary>
    public static string? HostOf(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || GitRemoteUrl.IsLocal(url)) return null;
        if (ScpLike().Match(url) is { Success: true } scp) return scp.Groups["host"].Value;
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0) return null;
        var rest = url[(schemeEnd + 3)..];
        var authority = rest[..(rest.IndexOfAny(['/', '?', '#']) is var end and >= 0 ? end : rest.Length)];
        var at = authority.LastIndexOf('@');
        if (at >= 0) authority = authority[(at + 1)..];
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            return close < 0 ? null : authority[1..close];
        }
        var colon = authority.LastIndexOf(':');
        return colon >= 0 ? authority[..colon] : authority;
    }

    /// <summary>The address a host name spells literally (any IPv4 or IPv6 form); null for a DNS name.</summary>
    public static IPAddress? LiteralAddress(string host)
    {
        var trimmed = host.TrimEnd('.');
        if (trimmed.Contains(':')) return IPAddress.TryParse(trimmed.Split('%')[0], out var v6) ? v6 : null;
        return ParseIPv4(trimmed);
    }

    /// <summary>Why a host may not be used when private networks are not allowed; null when it may (DNS names pass here and are checked after resolution).</summary>
    public static string? Problem(string host)
    {
        var name = host.TrimEnd('.').ToLowerInvariant();
        if (name is "localhost" || name.EndsWith(".localhost", StringComparison.Ordinal))
            return "points at this server (loopback), which is not allowed on this server";
        return LiteralAddress(name) is { } address ? AddressProblem(address) : null;
    }

    /// <summary>Why an address may not be used; null when it is a public address.</summary>
    public static string? AddressProblem(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            if (b[0] == 127) return Refused("loopback");
            if (b[0] == 0) return Refused("unspecified");
            if (b[0] == 169 && b[1] == 254) return Refused("link-local");
            if (b[0] == 10 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)) return Refused("private");
            if (b[0] == 100 && b[1] >= 64 && b[1] <= 127) return Refused("shared (carrier-grade NAT)");
            if (b[0] >= 224) return Refused("multicast or reserved");
            return null;
        }
        if (IPAddress.IPv6Loopback.Equals(address)) return Refused("loopback");
        if (IPAddress.IPv6Any.Equals(address)) return Refused("unspecified");
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal) return Refused("link-local");
        if (address.IsIPv6Multicast) return Refused("multicast");
        var first = address.GetAddressBytes()[0];
        if ((first & 0xFE) == 0xFC) return Refused("private");
        // Transition forms (IPv4-compatible, NAT64, 6to4, Teredo, …) hide an IPv4 address that some gateway will
        // connect to: judge the address by every IPv4 address it embeds.
        return EmbeddedIPv4(address).Select(AddressProblem).FirstOrDefault(problem => problem is not null);
    }

    /// <summary>
    /// The IPv4 addresses an IPv6 transition address carries: IPv4-compatible <c>::a.b.c.d</c>, IPv4-translated
    /// <c>::ffff:0:a.b.c.d</c>, NAT64 <c>64:ff9b::/96</c> and the local-use <c>64:ff9b:1::/48</c> (both the /96 and
    /// the RFC 6052 /48 placement), 6to4 <c>2002::/16</c> and Teredo <c>2001::/32</c> (its server and its client).
    /// </summary>
    public static IReadOnlyList<IPAddress> EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return [];
        var b = address.GetAddressBytes();
        bool Zero(int from, int to) => b[from..to].All(x => x == 0);
        IPAddress At(int i) => new(b[i..(i + 4)]);
        if (Zero(0, 12)) return [At(12)];
        if (Zero(0, 8) && b[8] == 0xFF && b[9] == 0xFF && b[10] == 0 && b[11] == 0) return [At(12)];
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B)
        {
            if (Zero(4, 12)) return [At(12)];
            if (b[4] == 0x00 && b[5] == 0x01) return [At(12), new IPAddress([b[6], b[7], b[9], b[10]])];
            return [];
        }
        if (b[0] == 0x20 && b[1] == 0x02) return [At(2)];
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0)
            return [At(4), new IPAddress([(byte)~b[12], (byte)~b[13], (byte)~b[14], (byte)~b[15]])];
        return [];
    }

    private static string Refused(string kind) => $"points at a {kind} address, which is not allowed on this server";

    // inet_aton: 1 to 4 parts, each decimal, octal (leading 0) or hex (0x); the last part fills the remaining bytes.
    private static IPAddress? ParseIPv4(string host)
    {
        var parts = host.Split('.');
        if (parts.Length is < 1 or > 4) return null;
        var values = new List<ulong>();
        foreach (var part in parts)
        {
            if (ParsePart(part) is not { } value) return null;
            values.Add(value);
        }
        for (var i = 0; i < values.Count - 1; i++)
            if (values[i] > 255) return null;
        var lastBits = 8 * (5 - values.Count);
        if (values[^1] >= 1UL << lastBits) return null;
        ulong number = 0;
        for (var i = 0; i < values.Count - 1; i++) number |= values[i] << (24 - 8 * i);
        number |= values[^1];
        return new IPAddress([(byte)(number >> 24), (byte)(number >> 16), (byte)(number >> 8), (byte)number]);
    }

    private static ulong? ParsePart(string part)
    {
        if (part.Length == 0) return null;
        if (part.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return part.Length > 2 && part.Length <= 10 && ulong.TryParse(part[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) ? hex : null;
        if (part.Length > 1 && part[0] == '0')
        {
            if (part.Length > 12 || part.Any(c => c is < '0' or > '7')) return null;
            return Convert.ToUInt64(part, 8);
        }
        return part.Length <= 10 && part.All(char.IsAsciiDigit) && ulong.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var dec) ? dec : null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9._-]+@(?<host>[A-Za-z0-9.-]+):")]
    private static partial Regex ScpLike();
}
