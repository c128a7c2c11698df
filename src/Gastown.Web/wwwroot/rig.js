// "#/rigs/{id}": sling work, the rig's agents (watch any live), its beads page by page, and a bead's ledger.

import { api } from './api.js';
import {
  h, announce, badge, setBadge, field, formError, loadError, onSubmit, shortId, syncKeyed,
  timeEl, setTime, words,
} from './dom.js';
import { openTerminal } from './terminal.js';
import { mountReviews } from './reviews.js';

const BEAD_STATUSES = ['open', 'in_progress', 'closed', 'cancelled'];
const PAGE_SIZES = [10, 25, 50, 100];
const REFRESH_MS = 3000;

export function rigView(main, [rigId], ctx) {
  ctx.setPage('Rig', [{ label: 'Rig' }]);

  let rig = null;
  const agents = new Map(); // id → agent
  const beads = new Map(); // id → bead, from the pages seen
  const paging = { status: '', limit: 25, cursors: [null], next: null };
  let selectedBeadId = null;
  let terminal = null;

  const heading = h('h1', null, 'Rig');
  const subtitle = h('p', { class: 'muted mono' });
  const problem = loadError();

  // --- Sling -------------------------------------------------------------------------------------------------
  const slingForm = h('form', { class: 'stack' },
    field({ label: 'Title', name: 'title', required: true, attrs: { autocomplete: 'off', maxlength: '500' } }),
    field({ label: 'Details', name: 'body', multiline: true, hint: 'Optional: what the polecat should know.' }),
    formError(),
    h('button', { type: 'submit', class: 'button primary' }, 'Sling'));
  const slingResult = h('div', { class: 'sling-result', role: 'status' });

  // --- Agents ------------------------------------------------------------------------------------------------
  const agentRows = h('tbody');
  const noAgents = h('p', { class: 'empty', hidden: true }, 'No agents yet: slinging a bead registers a polecat.');
  const agentsProblem = loadError();
  const terminalSlot = h('div', { class: 'terminal-slot' });

  // --- Beads -------------------------------------------------------------------------------------------------
  const statusFilter = field({
    label: 'Status', name: 'status',
    options: [['', 'Any status'], ...BEAD_STATUSES.map(status => [status, words(status)])],
  });
  const sizeFilter = field({ label: 'Per page', name: 'limit', options: PAGE_SIZES.map(size => [String(size), String(size)]) });
  sizeFilter.querySelector('select').value = String(paging.limit);
  const beadRows = h('tbody');
  const noBeads = h('p', { class: 'empty', hidden: true });
  const beadsProblem = loadError();
  const previousButton = h('button', { type: 'button', class: 'button small' }, '← Newer');
  const nextButton = h('button', { type: 'button', class: 'button small' }, 'Older →');
  const pageLabel = h('span', { class: 'muted', 'aria-live': 'polite' });

  // --- A bead's ledger ---------------------------------------------------------------------------------------
  const detailHeading = h('h2', { id: 'bead-heading', tabindex: '-1' });
  const detailFacts = h('dl', { class: 'facts' });
  const detailBody = h('p', { class: 'bead-body' });
  const eventList = h('ol', { class: 'events' });
  const eventsProblem = loadError();
  const detail = h('section', { class: 'panel bead-detail', 'aria-labelledby': 'bead-heading', hidden: true },
    h('div', { class: 'panel-head' }, detailHeading,
      h('button', { type: 'button', class: 'button small ghost', onclick: () => closeDetail() }, 'Close')),
    detailFacts, detailBody,
    h('h3', null, 'Event ledger'), eventsProblem.el, eventList);

  main.append(
    h('div', { class: 'page-head' }, heading, subtitle, problem.el),
    h('div', { class: 'grid grid-narrow-wide' },
      h('section', { class: 'panel', 'aria-labelledby': 'sling-heading' },
        h('h2', { id: 'sling-heading' }, 'Sling a bead'),
        slingForm, slingResult),
      h('section', { class: 'panel', 'aria-labelledby': 'agents-heading' },
        h('h2', { id: 'agents-heading' }, 'Agents'), agentsProblem.el, noAgents,
        h('div', { class: 'table-wrap' },
          h('table', null,
            h('caption', { class: 'visually-hidden' }, 'Agents of this rig'),
            h('thead', null, h('tr', null,
              ['Agent', 'Status', 'Working on', 'Restarts', 'Last activity'].map(label =>
                h('th', { scope: 'col' }, label)),
              h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Live view')))),
            agentRows)))),
    terminalSlot,
    h('div', { class: 'grid grid-wide-narrow' },
      h('section', { class: 'panel', 'aria-labelledby': 'beads-heading' },
        h('div', { class: 'panel-head' }, h('h2', { id: 'beads-heading', tabindex: '-1' }, 'Beads'),
          h('div', { class: 'filters' }, statusFilter, sizeFilter)),
        beadsProblem.el, noBeads,
        h('div', { class: 'table-wrap' },
          h('table', null,
            h('caption', { class: 'visually-hidden' }, 'Beads of this rig, newest first'),
            h('thead', null, h('tr', null,
              ['Title', 'Status', 'Priority', 'Type', 'Assignee', 'Attempts', 'Updated'].map(label =>
                h('th', { scope: 'col' }, label)))),
            beadRows)),
        h('div', { class: 'pager' }, previousButton, pageLabel, nextButton)),
      detail));
  mountReviews(main, rigId, ctx);

  // --- Rendering ---------------------------------------------------------------------------------------------

  const agentName = agentId => (agentId ? agents.get(agentId)?.name ?? shortId(agentId) : '—');

  function renderAgents(list) {
    noAgents.hidden = list.length > 0;
    syncKeyed(agentRows, list, agent => agent.id, () => {
      const name = h('span', { class: 'agent-name' });
      const identity = h('span', { class: 'muted small mono' });
      const role = badge('', 'role');
      const status = badge('', 'agent');
      const statusLine = h('div', { class: 'muted small' }); // the agent's own "what I am doing now" (gt_status)
      const hooked = h('button', { type: 'button', class: 'link' });
      const idle = h('span', { class: 'muted' }, '—');
      const restarts = h('td', { class: 'num' });
      const activity = timeEl(null);
      const watch = h('button', { type: 'button', class: 'button small' }, 'Watch');
      let current = null;
      hooked.addEventListener('click', () => selectBead(current.hookedBeadId));
      watch.addEventListener('click', () => watchAgent(current));
      return {
        el: h('tr', null,
          h('th', { scope: 'row' }, h('div', { class: 'agent-cell' }, name, role), identity),
          h('td', null, status, statusLine), h('td', null, hooked, idle), restarts, h('td', null, activity), h('td', null, watch)),
        set(agent) {
          current = agent;
          name.textContent = agent.name;
          identity.textContent = agent.identity;
          setBadge(role, agent.role);
          setBadge(status, agent.status);
          statusLine.hidden = !agent.statusLine;
          statusLine.textContent = agent.statusLine ?? '';
          hooked.hidden = !agent.hookedBeadId;
          idle.hidden = !!agent.hookedBeadId;
          hooked.textContent = agent.hookedBeadId
            ? beads.get(agent.hookedBeadId)?.title ?? `bead ${shortId(agent.hookedBeadId)}` : '';
          restarts.textContent = String(agent.restartCount);
          setTime(activity, agent.lastActivityAt);
          watch.setAttribute('aria-label', `Watch ${agent.name} live`);
        },
      };
    });
  }

  function renderBeads(items) {
    for (const bead of items) beads.set(bead.id, bead);
    noBeads.hidden = items.length > 0;
    noBeads.textContent = paging.status
      ? `No ${words(paging.status)} beads${paging.cursors.length > 1 ? ' on this page' : ''}.`
      : 'No beads yet. Sling one!';
    syncKeyed(beadRows, items, bead => bead.id, () => {
      const title = h('button', { type: 'button', class: 'link bead-title' });
      const escalated = h('span', { class: 'badge', 'data-value': 'escalated', hidden: true }, 'escalated');
      const status = badge('', 'bead');
      const priority = badge('', 'priority');
      const type = h('td', { class: 'muted' });
      const assignee = h('td');
      const attempts = h('td', { class: 'num' });
      const updated = timeEl(null);
      const row = h('tr', null,
        h('th', { scope: 'row' }, title, ' ', escalated),
        h('td', null, status), h('td', null, priority), type, assignee, attempts, h('td', null, updated));
      let id = null;
      title.addEventListener('click', () => selectBead(id));
      return {
        el: row,
        set(bead) {
          id = bead.id;
          title.textContent = bead.title;
          title.setAttribute('aria-pressed', String(bead.id === selectedBeadId));
          row.classList.toggle('selected', bead.id === selectedBeadId);
          escalated.hidden = !bead.escalatedAt;
          setBadge(status, bead.status);
          setBadge(priority, bead.priority);
          type.textContent = words(bead.type);
          assignee.textContent = agentName(bead.assigneeAgentId);
          attempts.textContent = String(bead.dispatchAttempts);
          setTime(updated, bead.updatedAt);
        },
      };
    });
    // aria-disabled, not disabled: a focused pager button must keep focus when it reaches the last page.
    const page = paging.cursors.length;
    previousButton.setAttribute('aria-disabled', String(page === 1));
    nextButton.setAttribute('aria-disabled', String(!paging.next));
    if (pageLabel.textContent !== `Page ${page}`) pageLabel.textContent = `Page ${page}`;
  }

  /** An event's old/new values, with agent ids shown as names. */
  const value = text => (text && agents.has(text) ? agents.get(text).name : text);

  function renderDetail(events) {
    const bead = beads.get(selectedBeadId);
    detailHeading.textContent = bead?.title ?? `Bead ${shortId(selectedBeadId)}`;
    const facts = bead
      ? [
        ['Status', badge(bead.status, 'bead')], ['Priority', badge(bead.priority, 'priority')],
        ['Type', words(bead.type)], ['Assignee', agentName(bead.assigneeAgentId)],
        ['Created', timeEl(bead.createdAt)], ['Closed', bead.closedAt ? timeEl(bead.closedAt) : '—'],
        ...Object.entries(bead.metadata ?? {}).map(([key, text]) => [words(key), text]),
        ['Id', h('span', { class: 'mono' }, bead.id)],
      ]
      : [['Id', h('span', { class: 'mono' }, selectedBeadId)]];
    detailFacts.replaceChildren(...facts.flatMap(([term, description]) => [h('dt', null, term), h('dd', null, description)]));
    detailBody.textContent = bead?.body ?? '';
    detailBody.hidden = !bead?.body;
    if (!events) return;
    syncKeyed(eventList, events, event => event.id, () => {
      const when = timeEl(null);
      const type = badge('', 'event');
      const change = h('span', { class: 'event-change' });
      const who = h('span', { class: 'muted' });
      const meta = h('span', { class: 'muted small mono' });
      return {
        el: h('li', null, h('div', { class: 'event-line' }, when, type, change, who), meta),
        set(event) {
          setTime(when, event.createdAt);
          setBadge(type, event.type);
          const [from, to] = [value(event.oldValue), value(event.newValue)];
          change.textContent = from && to ? `${from} → ${to}` : to ?? from ?? '';
          who.textContent = event.agentId ? `by ${agentName(event.agentId)}` : '';
          meta.textContent = Object.entries(event.metadata ?? {}).map(([key, text]) => `${key}=${text}`).join('  ');
          meta.hidden = !meta.textContent;
        },
      };
    });
  }

  // --- Behaviour ---------------------------------------------------------------------------------------------

  function selectBead(beadId) {
    selectedBeadId = beadId;
    detail.hidden = !beadId;
    eventList.replaceChildren();
    eventsProblem.show(null);
    for (const row of beadRows.rows) {
      const selected = row.dataset.key === beadId;
      row.classList.toggle('selected', selected);
      row.querySelector('.bead-title')?.setAttribute('aria-pressed', String(selected));
    }
    if (beadId) {
      renderDetail(null);
      detailHeading.focus();
      refresh.now();
    }
  }

  /** Hides the ledger and puts focus back on the bead's row (or the table) so keyboard users keep their place. */
  function closeDetail() {
    const id = selectedBeadId;
    selectBead(null);
    const row = beadRows.querySelector(`tr[data-key="${CSS.escape(id ?? '')}"] .bead-title`);
    (row ?? document.getElementById('beads-heading'))?.focus();
  }
  detail.addEventListener('keydown', event => {
    if (event.key === 'Escape') closeDetail();
  });

  function watchAgent(agent) {
    if (!rig) return;
    if (terminal?.agentId === agent.id) { terminal.focus(); return; }
    terminal?.close();
    const opener = document.activeElement;
    const opened = openTerminal({
      townId: rig.townId, agentId: agent.id, title: `${agent.name} (${words(agent.role)}), live`,
      onClose: () => {
        if (terminal === opened) terminal = null;
        if (opener?.isConnected) opener.focus();
      },
    });
    terminal = opened;
    terminalSlot.append(opened.el);
    opened.el.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    opened.focus();
  }
  ctx.onDispose(() => terminal?.close());

  statusFilter.querySelector('select').addEventListener('change', event => {
    paging.status = event.target.value;
    paging.cursors = [null];
    refresh.now();
  });
  sizeFilter.querySelector('select').addEventListener('change', event => {
    paging.limit = Number(event.target.value);
    paging.cursors = [null];
    refresh.now();
  });
  nextButton.addEventListener('click', () => {
    if (!paging.next) return;
    paging.cursors.push(paging.next);
    refresh.now();
  });
  previousButton.addEventListener('click', () => {
    if (paging.cursors.length > 1) paging.cursors.pop();
    refresh.now();
  });

  async function loadRig() {
    rig = await api.getRig(rigId, { signal: ctx.signal });
    heading.textContent = rig.name;
    subtitle.textContent = `${rig.gitUrl} · ${rig.defaultBranch}`;
    ctx.setPage(rig.name, [{ label: 'Town', href: `#/towns/${encodeURIComponent(rig.townId)}` }, { label: rig.name }]);
    api.getTown(rig.townId, { signal: ctx.signal })
      .then(town => ctx.setPage(`${rig.name} · ${town.name}`, [
        { label: town.name, href: `#/towns/${encodeURIComponent(town.id)}` }, { label: rig.name }]))
      .catch(() => { /* the breadcrumb keeps saying "Town" */ });
  }

  const refresh = ctx.poll(async () => {
    const signal = ctx.signal;
    try {
      if (!rig) await loadRig();
      problem.show(null);
    } catch (error) {
      if (error.name !== 'AbortError') problem.show(error);
      return;
    }
    const pageWanted = () => ({ status: paging.status, limit: paging.limit, cursor: paging.cursors.at(-1) });
    const beadsRequest = pageWanted();
    const eventsFor = selectedBeadId;
    const [agentList, page, events] = await Promise.allSettled([
      api.listAgents(rigId, { signal }),
      api.listBeads(rigId, beadsRequest, { signal }),
      eventsFor ? api.beadEvents(rigId, eventsFor, { signal }) : Promise.resolve(null),
    ]);
    if (signal.aborted) return;
    // The user may have paged, filtered or picked another bead meanwhile: the next refresh (already asked for)
    // brings that; an answer to the old question is not shown.
    const pageCurrent = JSON.stringify(pageWanted()) === JSON.stringify(beadsRequest);
    // Agents first (beads name their assignee), beads next (agents name their hooked bead), then agents' rows.
    if (agentList.status === 'fulfilled') {
      agents.clear();
      for (const agent of agentList.value) agents.set(agent.id, agent);
    }
    if (pageCurrent && page.status === 'fulfilled') {
      paging.next = page.value.next;
      beadsProblem.show(null);
      renderBeads(page.value.items);
    } else if (pageCurrent) beadsProblem.show(page.reason);
    if (agentList.status === 'fulfilled') {
      agentsProblem.show(null);
      renderAgents(agentList.value);
    } else agentsProblem.show(agentList.reason);
    if (selectedBeadId && selectedBeadId === eventsFor) {
      if (events.status === 'fulfilled') {
        eventsProblem.show(null);
        renderDetail(events.value);
      } else eventsProblem.show(events.reason);
    }
  }, REFRESH_MS);

  onSubmit(slingForm, async data => {
    const result = await api.sling(rigId, { title: String(data.get('title') ?? '').trim(), body: String(data.get('body') ?? '') });
    slingForm.reset();
    beads.set(result.bead.id, result.bead);
    showSlingResult(result);
    refresh.now();
  });

  function showSlingResult({ bead, agent, queued }) {
    const open = h('button', { type: 'button', class: 'link' }, bead.title);
    open.addEventListener('click', () => selectBead(bead.id));
    const lines = [h('p', null, 'Slung ', open, ' ', badge(bead.status, 'bead'), ' ', h('span', { class: 'muted mono' }, shortId(bead.id)))];
    if (agent) {
      const watch = h('button', { type: 'button', class: 'button small' }, `Watch ${agent.name}`);
      watch.addEventListener('click', () => watchAgent(agent));
      lines.push(h('p', null, 'Hooked to ', h('strong', null, agent.name), ` (${words(agent.role)}) `,
        badge(agent.status, 'agent'), ' ', watch));
    }
    if (queued) lines.push(h('p', { class: 'queued' }, 'Queued: no polecat is free. The rig will assign it when one is.'));
    slingResult.replaceChildren(...lines);
    announce(queued ? `Bead queued: ${bead.title}` : `Bead slung to ${agent?.name ?? 'a polecat'}: ${bead.title}`);
  }
}
