namespace Gastown.Infrastructure.Container.Demo;

/// <summary>The part of gt_prime's answer the demo agents use.</summary>
internal sealed record PrimeResponse(
    PrimedBead? HookedBead, IReadOnlyList<PrimedBead>? OpenBeads = null, string? ReviewFeedback = null, int ReviewRounds = 0);
