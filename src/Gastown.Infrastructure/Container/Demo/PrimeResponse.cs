namespace Gastown.Infrastructure.Container.Demo;

/// <summary>The part of the agent API's prime answer the demo agents use.</summary>
internal sealed record PrimeResponse(PrimedBead? HookedBead, IReadOnlyList<PrimedBead>? OpenBeads = null);
