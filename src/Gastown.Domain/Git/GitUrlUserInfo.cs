namespace Gastown.Domain.Git;

/// <summary>
/// A git URL sent with credentials in it (https://user:token@host/x.git): the URL without them, and what they were.
/// The secret then lives only in the rig's encrypted credentials, never in the stored or shown URL (S1).
/// </summary>
public sealed record GitUrlUserInfo(string Url, string? Username, string? Password)
{
    public bool HasPassword => Password is not null;

    public static GitUrlUserInfo Split(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0) return new GitUrlUserInfo(url, null, null);
        var authorityStart = schemeEnd + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0) authorityEnd = url.Length;
        var at = url.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart);
        if (at < 0) return new GitUrlUserInfo(url, null, null);

        var userInfo = url[authorityStart..at];
        var colon = userInfo.IndexOf(':');
        var user = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
        var password = colon < 0 ? null : Uri.UnescapeDataString(userInfo[(colon + 1)..]);
        // A user without a password (git@host, ssh://git@host) is a login name, not a secret: the URL stays as it is.
        if (password is null) return new GitUrlUserInfo(url, null, null);
        return new GitUrlUserInfo(url[..authorityStart] + url[(at + 1)..], user.Length == 0 ? null : user, password);
    }
}
