namespace Gastown.Web.Tests.Support;

/// <summary>An agent put straight into a rig's store (see <see cref="ApiWorld"/>), with a session token for its current generation.</summary>
public sealed record AgentSession(Guid AgentId, Guid StoreId, Guid? HookedBeadId, string Identity, HttpClient Client);
