// A whole town at once: every rig with its agents and beads (for the board and the escalations inbox).

import { api } from './api.js';

const BEADS_PER_RIG = 500; // listBeads' maximum page: the board shows a rig's latest 500 beads

export async function loadFleet(townId, signal) {
  const town = await api.getTown(townId, { signal });
  const rigs = await Promise.all((town.rigs ?? []).map(async rig => {
    const [agents, page] = await Promise.all([
      api.listAgents(rig.id, { signal }),
      api.listBeads(rig.id, { limit: BEADS_PER_RIG }, { signal }),
    ]);
    return { rig, agents, agentsById: new Map(agents.map(agent => [agent.id, agent])), beads: page.items };
  }));
  return { town, rigs };
}

/** Work items only: messages to the mayor and escalation notes are not cards on the board. */
export const isWork = bead => bead.type === 'issue' || bead.type === 'merge_request';

/**
 * The board column of a bead. "In review": in progress, but its polecat has called done and let go of it
 * (the rig merges it next). "Escalated": given up on and waiting for a person, until retried or cancelled.
 */
export function columnOf(bead, agentsById) {
  if (bead.status === 'closed' || bead.status === 'cancelled') return 'closed';
  if (bead.escalatedAt) return 'escalated';
  if (bead.status === 'open') return 'open';
  const agent = bead.assigneeAgentId ? agentsById.get(bead.assigneeAgentId) : null;
  if (agent && agent.hookedBeadId !== bead.id) return 'in_review';
  return 'in_progress';
}

/**
 * The status word shown for a bead: a bead closed without a merge because its agent said it needs no change shows
 * "closed without changes", so no one reads it as merged.
 */
export const shownStatus = bead =>
  bead?.status === 'closed' && bead.metadata?.resolution === 'closed_without_changes' ? 'closed_without_changes' : bead?.status;

/** The failure to show on a bead or agent: the server's lastError when it has one (management update). */
export const lastErrorOf = item => item?.lastError ?? null;

/** Why dispatch is holding this bead or agent back (a town budget or a model's rate limit), or null. */
export function pauseOf(item) {
  if (item?.rateLimitedUntil && Date.parse(item.rateLimitedUntil) > Date.now())
    return `Rate limited until ${new Date(item.rateLimitedUntil).toLocaleTimeString()}`;
  return item?.pausedReason ? `Paused: ${item.pausedReason}` : null;
}
