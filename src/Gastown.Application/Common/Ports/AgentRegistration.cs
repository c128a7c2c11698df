namespace Gastown.Application.Common.Ports;

/// <summary>Where an agent lives: names are unique per town, and an agent id leads to its ledger store.</summary>
public sealed record AgentRegistration(Guid AgentId, Guid TownId, Guid StoreId, string Name);
