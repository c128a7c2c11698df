namespace Gastown.Infrastructure.Container.Demo;

/// <summary>The part of the agent API's prime answer the demo polecat uses.</summary>
internal sealed record PrimeResponse(PrimedBead? HookedBead);
