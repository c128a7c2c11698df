using Gastown.Application.Common.Security;

namespace Gastown.Web.Mcp;

/// <summary>
/// Which tools a session token sees. A town's mayor lives in the town HQ store, whose id is the town's id; every
/// polecat lives in its rig's store. So the token alone says the role, without a store read per request. This
/// only chooses what is listed and callable: the mayor's requests still check the stored role (AgentAccess).
/// </summary>
public static class AgentRoles
{
    public const string Polecat = "polecat";
    public const string Mayor = "mayor";

    public static readonly IReadOnlySet<string> PolecatTools = new HashSet<string>(StringComparer.Ordinal)
    {
        "gt_prime", "gt_bead_status", "gt_bead_close", "gt_done", "gt_escalate", "gt_mail_send", "gt_mail_check",
        "gt_checkpoint", "gt_status",
    };

    public static readonly IReadOnlySet<string> MayorTools = new HashSet<string>(StringComparer.Ordinal)
    {
        "gt_list_rigs", "gt_list_beads", "gt_list_agents", "gt_sling", "gt_mail_send", "gt_reply", "gt_nudge",
        "gt_sling_batch", "gt_list_convoys", "gt_convoy_status", "gt_convoy_start", "gt_convoy_close",
    };

    public static string? Of(Actor actor) => actor.Agent switch
    {
        null => null,
        { StoreId: var store, TownId: var town } when store == town => Mayor,
        _ => Polecat,
    };

    public static IReadOnlySet<string> ToolsOf(string? role) => role switch
    {
        Mayor => MayorTools,
        Polecat => PolecatTools,
        _ => new HashSet<string>(),
    };
}
