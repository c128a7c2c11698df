using Gastown.Domain.Users;

namespace Gastown.Application.Common.Ports;

/// <summary>Users and their API tokens, in the directory database.</summary>
public interface IUserDirectory
{
    Task<User?> FindByTokenHashAsync(string tokenHash, CancellationToken ct);

    Task<User?> FindByNameAsync(string name, CancellationToken ct);

    Task<bool> AnyUsersAsync(CancellationToken ct);

    /// <summary>Adds a user with a first token in one transaction; false when the name is taken.</summary>
    Task<bool> TryAddUserAsync(User user, ApiToken token, CancellationToken ct);

    Task AddTokenAsync(ApiToken token, CancellationToken ct);

    Task<IReadOnlyList<UserSummary>> ListUsersAsync(CancellationToken ct);

    /// <summary>Revokes every active token of the user; returns how many.</summary>
    Task<int> RevokeTokensAsync(Guid userId, DateTimeOffset at, CancellationToken ct);
}
