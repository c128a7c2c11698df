namespace Gastown.Application.Agents.GetAgentStreamUrl;

/// <summary>Where and with what to watch an agent of the town (the mayor included) live.</summary>
public sealed record GetAgentStreamUrlQuery(Guid TownId, Guid AgentId) : IQuery<Result<StreamUrl>>, ITownRequest;

/// <summary>A ws:// or wss:// address that carries the ticket, the ticket itself, and when it stops working.</summary>
public sealed record StreamUrl(string Url, string Ticket, DateTimeOffset ExpiresAt);

internal sealed class GetAgentStreamUrlHandler(ITownDirectory directory, IStreamTickets tickets, IPublicAddress address, ICurrentActor current)
    : IQueryHandler<GetAgentStreamUrlQuery, Result<StreamUrl>>
{
    public async ValueTask<Result<StreamUrl>> Handle(GetAgentStreamUrlQuery query, CancellationToken cancellationToken)
    {
        var agent = await directory.FindAgentAsync(query.AgentId, cancellationToken);
        if (agent is null || agent.TownId != query.TownId) return Result.NotFound("Agent not found.");

        var ticket = tickets.Issue(query.TownId, query.AgentId, current.Actor.UserId!.Value);
        var url = new UriBuilder(address.BaseUrl)
        {
            Scheme = address.BaseUrl.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
            Path = $"{address.BaseUrl.AbsolutePath.TrimEnd('/')}/api/towns/{query.TownId}/agents/{query.AgentId}/stream",
            Query = $"ticket={Uri.EscapeDataString(ticket.Value)}",
        };
        return new StreamUrl(url.Uri.ToString(), ticket.Value, ticket.ExpiresAt);
    }
}
