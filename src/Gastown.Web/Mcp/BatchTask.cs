using System.ComponentModel;
using Gastown.Application.Convoys.CreateConvoy;

namespace Gastown.Web.Mcp;

/// <summary>One task of gt_sling_batch, as the mayor writes it: the convoy task of <c>POST /api/towns/{townId}/convoys</c>.</summary>
public sealed record BatchTask(
    [property: Description("The rig: its name (e.g. 'web') or its id. Only rigs of your own town.")] string Rig,
    [property: Description("What to do, as a short imperative title (at most 500 characters).")] string Title,
    [property: Description("Optional: the details a polecat needs (context, acceptance criteria).")] string? Body = null,
    [property: Description("Optional: 0-based indexes of the tasks of this batch that must be merged before this one starts.")] int[]? DependsOn = null)
{
    public ConvoyTask ToConvoyTask() => new(Rig, Title, Body, DependsOn: DependsOn);
}
