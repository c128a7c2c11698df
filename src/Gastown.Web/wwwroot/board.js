// "#/towns/{id}/board": every rig's beads in columns by status, live, with the agent on each card.

import {
  h, badge, setBadge, loadError, syncKeyed, timeEl, setTime, townTabs, formatUsage, sumUsage,
} from './dom.js';
import {
  loadFleet, isWork, columnOf, lastErrorOf, pauseOf, waitOf, waitBadges, holdButton, shownStatus,
} from './fleet.js';
import { ensureReviewStyles } from './reviews.js';

const COLUMNS = [
  ['open', 'Open / queued'],
  ['in_progress', 'In progress'],
  ['in_review', 'In review'],
  ['closed', 'Closed'],
  ['escalated', 'Escalated'],
];
const MAX_CLOSED = 30;
const REFRESH_MS = 2500;

export function boardView(main, [townId], ctx) {
  ensureReviewStyles(); // the review-rounds badge
  ctx.setPage('Board', [{ label: 'Town', href: `#/towns/${encodeURIComponent(townId)}` }, { label: 'Board' }]);
  const heading = h('h1', null, 'Board');
  const problem = loadError();
  const summary = h('p', { class: 'muted board-summary', 'aria-live': 'polite' });
  const lists = new Map();
  const counts = new Map();
  const more = h('p', { class: 'muted small', hidden: true });

  const columns = COLUMNS.map(([key, label]) => {
    const list = h('ul', { class: 'board-cards', 'aria-labelledby': `col-${key}` });
    const count = h('span', { class: 'board-count' }, '0');
    lists.set(key, list);
    counts.set(key, count);
    return h('section', { class: 'board-column', 'data-column': key, 'aria-labelledby': `col-${key}` },
      h('h2', { id: `col-${key}` }, label, ' ', count), list, key === 'closed' ? more : null);
  });

  main.append(
    h('div', { class: 'page-head' }, heading, townTabs(townId, 'board'), summary, problem.el),
    h('div', { class: 'board' }, columns));

  let named = false;
  const refresh = ctx.poll(async () => {
    try {
      const fleet = await loadFleet(townId, ctx.signal);
      problem.show(null);
      if (!named) {
        named = true;
        heading.textContent = `${fleet.town.name}: board`;
        ctx.setPage(`Board · ${fleet.town.name}`, [
          { label: fleet.town.name, href: `#/towns/${encodeURIComponent(townId)}` }, { label: 'Board' }]);
      }
      render(fleet);
    } catch (error) {
      if (error.name !== 'AbortError') problem.show(error);
    }
  }, REFRESH_MS);

  function render(fleet) {
    const byColumn = new Map(COLUMNS.map(([key]) => [key, []]));
    // Blockers may be in another rig of the town: the cards name them by title.
    const titles = new Map(fleet.rigs.flatMap(entry => entry.beads.map(bead => [bead.id, bead.title])));
    const titleOf = beadId => titles.get(beadId) ?? null;
    for (const { rig, agentsById, beads } of fleet.rigs) {
      for (const bead of beads.filter(isWork)) byColumn.get(columnOf(bead, agentsById)).push({ bead, rig, agentsById, titleOf, townId });
    }
    const closed = byColumn.get('closed');
    closed.sort((a, b) => Date.parse(b.bead.updatedAt) - Date.parse(a.bead.updatedAt));
    more.hidden = closed.length <= MAX_CLOSED;
    more.textContent = `and ${closed.length - MAX_CLOSED} older`;
    byColumn.set('closed', closed.slice(0, MAX_CLOSED));
    for (const [key, items] of byColumn) {
      counts.get(key).textContent = String(key === 'closed' ? closed.length : items.length);
      syncKeyed(lists.get(key), items, item => item.bead.id, () => card(() => refresh.now()));
    }
    // Tokens and cost (real agents report usage per bead): the town's total, then each rig's.
    const usage = sumUsage(fleet.rigs.flatMap(entry => entry.beads));
    const rigs = fleet.rigs.length;
    const perRig = usage ? fleet.rigs.map(entry => [entry.rig.name, sumUsage(entry.beads)]).filter(([, total]) => total) : [];
    summary.textContent = `${rigs} rig${rigs === 1 ? '' : 's'}` + (usage ? ` · all: ${formatUsage(usage)}` : '')
      + perRig.map(([name, total]) => ` · ${name}: ${formatUsage(total)}`).join('');
  }
}

function card(refresh) {
  const title = h('a', { class: 'board-title' });
  const rigName = h('span', { class: 'muted small' });
  const status = badge('', 'bead');
  const agentLine = h('p', { class: 'board-agent' });
  const error = h('p', { class: 'board-error', hidden: true });
  const usage = h('p', { class: 'muted small', hidden: true });
  const rounds = h('span', { class: 'badge review-rounds', 'data-value': 'review_rounds', hidden: true });
  const updated = timeEl(null);
  const waits = waitBadges();
  const wait = h('p', { class: 'board-wait', hidden: true });
  const problem = h('p', { class: 'board-error', role: 'alert', hidden: true });
  let shown = null;
  const hold = holdButton(problem, bead => { shown.bead = { ...shown.bead, ...bead }; render(shown); refresh(); });
  const convoy = h('a', { class: 'small', hidden: true }, 'convoy');
  const el = h('li', { class: 'board-card' },
    title, h('div', { class: 'board-meta' }, rigName, status, waits.els, rounds, updated), agentLine, wait, error, usage,
    h('div', { class: 'board-actions' }, hold.el, convoy), problem);
  return { el, set: render };

  function render(item) {
    shown = item;
    const { bead, rig, agentsById, titleOf, townId } = item;
    convoy.hidden = !bead.convoyId;
    if (bead.convoyId) {
      convoy.href = `#/towns/${encodeURIComponent(townId)}/convoys/${encodeURIComponent(bead.convoyId)}`;
      convoy.setAttribute('aria-label', `Convoy of “${bead.title}”`);
    }
    title.textContent = bead.title;
    title.href = `#/rigs/${encodeURIComponent(rig.id)}/beads/${encodeURIComponent(bead.id)}`;
    rigName.textContent = rig.name;
    setBadge(status, shownStatus(bead));
    rounds.hidden = !bead.reviewRounds;
    rounds.textContent = bead.reviewRounds ? `${bead.reviewRounds} review round${bead.reviewRounds === 1 ? '' : 's'}` : '';
    setTime(updated, bead.updatedAt);
    const agent = bead.assigneeAgentId ? agentsById.get(bead.assigneeAgentId) : null;
    agentLine.replaceChildren(...(agent
      ? [h('span', { class: 'agent-name' }, agent.name), ' ', badge(agent.status, 'agent'),
        agent.statusLine ? h('span', { class: 'status-line' }, agent.statusLine) : '']
      : [h('span', { class: 'muted' }, bead.status !== 'open' ? 'no agent'
        : bead.held || bead.blockedBy?.length ? 'not ready' : 'waiting for a polecat')]));
    const failure = lastErrorOf(bead) ?? (agent?.hookedBeadId === bead.id ? lastErrorOf(agent) : null);
    const pause = bead.status === 'closed' || bead.status === 'cancelled' ? null : pauseOf(bead);
    error.hidden = !failure && !pause;
    error.textContent = pause ?? (failure ? `Failing: ${failure}` : '');
    usage.hidden = !bead.usage;
    usage.textContent = bead.usage ? formatUsage(bead.usage) : '';
    waits.set(bead);
    const waiting = waitOf(bead, titleOf);
    wait.hidden = !waiting;
    wait.textContent = waiting ?? '';
    hold.set(rig.id, bead);
    hold.el.setAttribute('aria-label', `${bead.held ? 'Release' : 'Hold'} “${bead.title}”`);
    el.dataset.status = bead.status;
    el.dataset.held = String(Boolean(bead.held));
  }
}
