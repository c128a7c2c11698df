// A whole town at once: every rig with its agents and beads (for the board and the escalations inbox).

import { api } from './api.js';
import { h, shortId, words, actionButton, announce } from './dom.js';

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

/** Whether a bead can still be worked on (hold, release and waiting mean nothing once it is closed or cancelled). */
export const isLive = bead => bead.status !== 'closed' && bead.status !== 'cancelled';

/**
 * The blockers of a bead not merged yet, each {beadId, rigId, status}: the server's `blockers` (with each one's
 * status), else its bare `blockedBy` ids.
 */
export const blockersOf = bead => (bead.blockers?.length ? bead.blockers
  : (bead.blockedBy ?? []).map(beadId => ({ beadId, rigId: null, status: null })));

/** A blocker that will not merge by itself: its dependents stay blocked until it is retried or closed. */
export const isStuckBlocker = blocker => ['escalated', 'cancelled', 'missing'].includes(blocker.status);

/**
 * Why a live bead waits although nothing failed, or null: held by a person, and/or blockers not merged yet, each
 * named (by `titleOf(beadId)` when known) with its status.
 */
export function waitOf(bead, titleOf = () => null) {
  if (!isLive(bead)) return null;
  const parts = [];
  if (bead.held) parts.push('Held: not dispatched until released');
  const blockers = blockersOf(bead);
  if (blockers.length) {
    const named = blockers.map(blocker => {
      const title = titleOf(blocker.beadId);
      return `${title ? `“${title}”` : `bead ${shortId(blocker.beadId)}`}${blocker.status ? ` (${words(blocker.status)})` : ''}`;
    });
    const stuck = blockers.some(isStuckBlocker) ? '; retry or close the stuck one to release it' : '';
    parts.push(`Waits for ${named.join(', ')} to merge${stuck}`);
  }
  return parts.length ? parts.join(' · ') : null;
}

/** The "held" and "blocked" badges of a bead card, hidden when they do not apply. */
export function waitBadges() {
  const held = h('span', { class: 'badge', 'data-group': 'wait', 'data-value': 'held', hidden: true }, 'held');
  const blocked = h('span', { class: 'badge', 'data-group': 'wait', 'data-value': 'blocked', hidden: true }, 'blocked');
  return {
    els: [held, blocked],
    set(bead) {
      held.hidden = !(isLive(bead) && bead.held);
      const blockers = isLive(bead) ? blockersOf(bead) : [];
      blocked.hidden = blockers.length === 0;
      blocked.dataset.value = blockers.some(isStuckBlocker) ? 'blocked_stuck' : 'blocked';
    },
  };
}

/**
 * A Hold / Release button for a bead (its label follows the bead's `held`), hidden once the bead is closed or
 * cancelled; `changed(bead)` gets the bead as the server answers it.
 */
export function holdButton(problemEl, changed) {
  let current = null;
  const button = actionButton('Hold', async () => {
    const { rigId, bead } = current;
    const answered = bead.held ? await api.releaseBead(rigId, bead.id) : await api.holdBead(rigId, bead.id);
    announce(answered.held ? 'Bead held' : 'Bead released');
    changed(answered);
  }, { problemEl, attrs: { 'data-action': 'hold' } });
  return {
    el: button,
    set(rigId, bead) {
      current = { rigId, bead };
      button.hidden = !bead || !isLive(bead);
      if (bead) button.textContent = bead.held ? 'Release' : 'Hold';
    },
  };
}
