// "#/rigs/{id}": sling work, the rig's agents (watch any live), its beads page by page, and a bead's ledger.

import { api } from './api.js';
import {
  h, announce, badge, setBadge, field, formError, loadError, onSubmit, shortId, syncKeyed,
  timeEl, setTime, words, actionButton, confirmDialog, describeError, formatUsage, sumUsage,
} from './dom.js';
import { lastErrorOf, pauseOf, shownStatus, waitOf, waitBadges, holdButton, blockersOf } from './fleet.js';
import { openTerminal } from './terminal.js';
import { mountReviews } from './reviews.js';
import { mountRuns } from './runs.js';

const BEAD_STATUSES = ['open', 'in_progress', 'closed', 'cancelled'];
const PAGE_SIZES = [10, 25, 50, 100];
const REFRESH_MS = 3000;

export function rigView(main, [rigId, initialBeadId, initialReviewId], ctx) {
  ctx.setPage('Rig', [{ label: 'Rig' }]);
  let me = null;
  ctx.me().then(user => { me = user; });
  // Today's servers record a failed dispatch only in the bead's ledger: beadId → {reason, at} read from there.
  // A server with the management update puts lastError / nextAttemptAt on the agent and bead instead.
  const failures = new Map();
  let slung = null; // the last sling's {beadId, agentId, queued}: its result box follows the live data
  let usageAll = [];

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
  const slingResult = h('div', { class: 'sling-result', 'aria-live': 'polite' });

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
  const pastRuns = mountRuns(rigId);
  const beadProblem = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const retryButton = actionButton('Retry', async () => {
    await api.retryBead(rigId, selectedBeadId);
    announce('Bead back in the queue');
    refresh.now();
  }, { className: 'button small primary', problemEl: beadProblem });
  const cancelButton = actionButton('Cancel bead', async () => {
    const ok = await confirmDialog({ title: 'Cancel this bead?', confirmLabel: 'Cancel bead', message: 'Its agent, if working on it, is stopped. The bead stays in the ledger as cancelled.' });
    if (!ok) return;
    await api.cancelBead(rigId, selectedBeadId);
    announce('Bead cancelled');
    refresh.now();
  }, { problemEl: beadProblem });
  const holdBeadButton = holdButton(beadProblem, answered => {
    beads.set(answered.id, { ...beads.get(answered.id), ...answered });
    renderDetail(null);
    refresh.now();
  });
  const deleteBeadButton = actionButton('Delete bead', async () => {
    const ok = await confirmDialog({ title: 'Delete this bead?', confirmLabel: 'Delete bead', message: 'The bead and its ledger are removed. This cannot be undone.' });
    if (!ok) return;
    await api.deleteBead(rigId, selectedBeadId);
    beads.delete(selectedBeadId);
    announce('Bead deleted');
    closeDetail();
    refresh.now();
  }, { className: 'button small danger', problemEl: beadProblem });
  const editForm = h('form', { class: 'stack' },
    field({ label: 'Title', name: 'title', required: true, attrs: { autocomplete: 'off', maxlength: '500' } }),
    field({ label: 'Details', name: 'body', multiline: true }),
    field({ label: 'Priority', name: 'priority', options: ['low', 'medium', 'high', 'critical'].map(value => [value, value]) }),
    field({ label: 'Labels', name: 'labels', hint: 'Comma-separated.', attrs: { autocomplete: 'off' } }),
    formError(),
    h('button', { type: 'submit', class: 'button primary small' }, 'Save bead'));
  const editDetails = h('details', { class: 'bead-edit' }, h('summary', null, 'Edit'), editForm);
  const detail = h('section', { class: 'panel bead-detail', 'aria-labelledby': 'bead-heading', hidden: true },
    h('div', { class: 'panel-head' }, detailHeading,
      h('button', { type: 'button', class: 'button small ghost', onclick: () => closeDetail() }, 'Close')),
    detailFacts, detailBody,
    h('div', { class: 'actions bead-actions' }, retryButton, holdBeadButton.el, cancelButton, deleteBeadButton), beadProblem, editDetails,
    pastRuns.el,
    h('h3', null, 'Event ledger'), eventsProblem.el, eventList);

  const health = h('p', { class: 'rig-health', hidden: true, role: 'status' });
  const rigUsage = h('p', { class: 'muted', hidden: true });
  const rigForm = h('form', { class: 'stack' },
    field({ label: 'Name', name: 'name', required: true, attrs: { autocomplete: 'off', maxlength: '64' } }),
    field({ label: 'Git URL', name: 'gitUrl', required: true, attrs: { autocomplete: 'off', spellcheck: 'false' } }),
    field({ label: 'Default branch', name: 'defaultBranch', attrs: { autocomplete: 'off', spellcheck: 'false' } }),
    field({ label: 'Polecats at most', name: 'maxPolecats', type: 'number', hint: 'Optional: this rig\'s cap (1 to 20); empty keeps the town\'s.', attrs: { min: '1', max: '20' } }),
    formError(),
    h('button', { type: 'submit', class: 'button primary' }, 'Save rig'));
  const rigProblem = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const deleteRigButton = h('button', { type: 'button', class: 'button danger' }, 'Delete this rig');
  const alarmList = h('dl', { class: 'facts' });
  const alarmSection = h('section', { class: 'panel', 'aria-labelledby': 'alarm-heading', hidden: true },
    h('h2', { id: 'alarm-heading' }, 'Alarm'), alarmList);
  let alarmWanted = true;
  const settings = h('details', { class: 'panel rig-settings' },
    h('summary', null, h('h2', { class: 'inline-heading' }, 'Rig settings')),
    h('div', { class: 'grid grid-halves' },
      rigForm,
      h('div', { class: 'stack' },
        h('p', { class: 'muted' }, 'Deleting a rig stops its agents and removes its beads and workspace. The repository itself is not touched.'),
        deleteRigButton, rigProblem)));

  main.append(
    h('div', { class: 'page-head' }, heading, subtitle, health, rigUsage, problem.el),
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
              h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
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
              ['Title', 'Status', 'Priority', 'Type', 'Assignee', 'Attempts', 'Tokens / cost', 'Updated'].map(label =>
                h('th', { scope: 'col' }, label)))),
            beadRows)),
        h('div', { class: 'pager' }, previousButton, pageLabel, nextButton)),
      detail),
    alarmSection,
    settings);
  mountReviews(main, rigId, ctx, initialReviewId);

  // --- Rendering ---------------------------------------------------------------------------------------------

  const agentName = agentId => (agentId ? agents.get(agentId)?.name ?? shortId(agentId) : '—');

  function renderAgents(list) {
    noAgents.hidden = list.length > 0;
    syncKeyed(agentRows, list, agent => agent.id, () => {
      const name = h('span', { class: 'agent-name' });
      const identity = h('span', { class: 'muted small mono' });
      const role = badge('', 'role');
      const status = badge('', 'agent');
      const statusLine = h('span', { class: 'status-line', hidden: true });
      const failure = h('span', { class: 'failure', hidden: true });
      const hooked = h('button', { type: 'button', class: 'link' });
      const idle = h('span', { class: 'muted' }, '—');
      const restarts = h('td', { class: 'num' });
      const activity = timeEl(null);
      const watch = h('button', { type: 'button', class: 'button small' }, 'Watch');
      const rowProblem = h('span', { class: 'failure', role: 'alert', hidden: true });
      let current = null;
      const reset = actionButton('Reset', async () => {
        const ok = await confirmDialog({
          title: `Reset ${current.name}?`, confirmLabel: 'Reset agent',
          message: 'Stops its process, takes the bead off its hook (the bead goes back to the queue) and leaves it idle.',
        });
        if (!ok) return;
        await api.resetAgent(rigId, current.id);
        announce(`${current.name} reset`);
        refresh.now();
      }, { className: 'button small ghost', problemEl: rowProblem });
      hooked.addEventListener('click', () => selectBead(current.hookedBeadId));
      watch.addEventListener('click', () => watchAgent(current));
      return {
        el: h('tr', null,
          h('th', { scope: 'row' }, h('div', { class: 'agent-cell' }, name, role), identity),
          h('td', null, status, statusLine, failure), h('td', null, hooked, idle), restarts, h('td', null, activity),
          h('td', null, h('div', { class: 'row-actions' }, watch, reset), rowProblem)),
        set(agent) {
          current = agent;
          name.textContent = agent.name;
          identity.textContent = agent.identity;
          setBadge(role, agent.role);
          setBadge(status, agent.status);
          statusLine.hidden = !agent.statusLine;
          statusLine.textContent = agent.statusLine ?? '';
          const problemText = agentFailure(agent);
          failure.hidden = !problemText;
          failure.textContent = problemText ?? '';
          reset.setAttribute('aria-label', `Reset ${agent.name}`);
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
      const rounds = h('span', { class: 'badge review-rounds', 'data-value': 'review_rounds', hidden: true });
      const waits = waitBadges();
      const wait = h('span', { class: 'wait', hidden: true });
      const status = badge('', 'bead');
      const priority = badge('', 'priority');
      const type = h('td', { class: 'muted' });
      const assignee = h('td');
      const attempts = h('td', { class: 'num' });
      const usage = h('td', { class: 'small' });
      const failure = h('span', { class: 'failure', hidden: true });
      const updated = timeEl(null);
      const row = h('tr', null,
        h('th', { scope: 'row' }, title, ' ', escalated, ' ', waits.els, ' ', rounds),
        h('td', null, status, failure, wait), h('td', null, priority), type, assignee, attempts, usage, h('td', null, updated));
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
          // Request-changes rounds (a failed gate or a reviewer's rejection) the bead went through.
          rounds.hidden = !bead.reviewRounds;
          rounds.textContent = bead.reviewRounds ? `${bead.reviewRounds} review round${bead.reviewRounds === 1 ? '' : 's'}` : '';
          setBadge(status, shownStatus(bead));
          setBadge(priority, bead.priority);
          type.textContent = words(bead.type);
          assignee.textContent = agentName(bead.assigneeAgentId);
          attempts.textContent = String(bead.dispatchAttempts);
          usage.textContent = formatUsage(bead.usage);
          const problemText = beadFailure(bead);
          failure.hidden = !problemText;
          failure.textContent = problemText ?? '';
          waits.set(bead);
          const waiting = waitOf(bead, titleOf);
          wait.hidden = !waiting;
          wait.textContent = waiting ?? '';
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

  /** An event's old/new values, with agent and bead ids shown as names. */
  const value = text => (text && agents.has(text) ? agents.get(text).name
    : text && beads.has(text) ? `“${beads.get(text).title}”` : text);

  /** A user id as a person: "you" for the signed-in user. */
  const userName = userId => (me && userId === me.id ? 'you' : `another user (${shortId(userId)})`);

  /** A metadata entry as a reader wants it: ids resolved to names, keys in words. */
  function metaFact(key, text) {
    if (key === 'slung_by') return ['Slung by', userName(text)];
    if (key === 'bead_id') return ['About bead', beads.get(text)?.title ?? 'a bead not on this page'];
    if (key === 'agent_id') return ['Agent', agentName(text)];
    return [words(key), text];
  }

  function retryNote(at) {
    if (!at) return '';
    const seconds = Math.round((Date.parse(at) - Date.now()) / 1000);
    return seconds > 0 ? `; next attempt in ${seconds}s` : '; retrying now';
  }

  /** Why this agent is not getting on with its bead, or null. */
  function agentFailure(agent) {
    const pause = pauseOf(agent);
    if (pause) return pause;
    const error = lastErrorOf(agent);
    if (error) return `Failing: ${error}${retryNote(agent.nextAttemptAt)}`;
    const known = agent.hookedBeadId && !('lastError' in agent) && agent.status !== 'working' ? failures.get(agent.hookedBeadId) : null;
    return known ? `Dispatch failed: ${known.reason}` : null;
  }

  function beadFailure(bead) {
    if (bead.status === 'closed' || bead.status === 'cancelled') return null;
    const pause = pauseOf(bead);
    if (pause) return pause;
    const error = lastErrorOf(bead);
    if (error) return `Failing: ${error}${retryNote(bead.nextAttemptAt)}`;
    const known = !('lastError' in bead) ? failures.get(bead.id) : null;
    if (!known) return null;
    const agent = bead.assigneeAgentId ? agents.get(bead.assigneeAgentId) : null;
    return agent?.status === 'working' && agent.hookedBeadId === bead.id ? null : `Dispatch failed: ${known.reason}`;
  }

  /** A bead's title when this page has seen it (a blocker may be in another rig: then its short id). */
  function titleOf(beadId) {
    return beads.get(beadId)?.title ?? null;
  }

  /** The beads this one depends on, each linked to its rig's page, merged ones marked so. */
  function dependsOnList(bead) {
    const open = new Map(blockersOf(bead).map(blocker => [blocker.beadId, blocker]));
    return h('ul', { class: 'depends-on' }, bead.dependsOn.map(beadId => {
      const blocker = open.get(beadId);
      const label = titleOf(beadId) ?? `bead ${shortId(beadId)}`;
      const target = blocker?.rigId ?? (beads.has(beadId) ? rigId : null);
      return h('li', null,
        target ? h('a', { href: `#/rigs/${encodeURIComponent(target)}/beads/${encodeURIComponent(beadId)}` }, label) : label,
        ' ', badge(blocker ? blocker.status ?? 'blocked' : 'merged', 'bead'));
    }));
  }

  let editFilledFor = null;
  function fillEdit() {
    const bead = beads.get(selectedBeadId);
    if (!bead || editFilledFor === bead.id) return;
    editFilledFor = bead.id;
    editForm.elements.title.value = bead.title;
    editForm.elements.body.value = bead.body ?? '';
    editForm.elements.priority.value = bead.priority;
    editForm.elements.labels.value = (bead.labels ?? []).join(', ');
  }

  function renderDetail(events) {
    const bead = beads.get(selectedBeadId);
    if (editFilledFor !== selectedBeadId) fillEdit();
    const live = bead && bead.status !== 'closed' && bead.status !== 'cancelled';
    retryButton.hidden = !(live && (bead.escalatedAt || beadFailure(bead)));
    cancelButton.hidden = !live;
    holdBeadButton.set(rigId, bead);
    detailHeading.textContent = bead?.title ?? `Bead ${shortId(selectedBeadId)}`;
    const facts = bead
      ? [
        ['Status', badge(shownStatus(bead), 'bead')], ['Priority', badge(bead.priority, 'priority')],
        ['Type', words(bead.type)], ['Assignee', agentName(bead.assigneeAgentId)],
        ['Created', timeEl(bead.createdAt)], ['Closed', bead.closedAt ? timeEl(bead.closedAt) : '—'],
        ['Review rounds', String(bead.reviewRounds ?? 0)],
        ...(bead.usage ? [['Tokens / cost', formatUsage(bead.usage)]] : []),
        ...(beadFailure(bead) ? [['Problem', h('span', { class: 'failure' }, beadFailure(bead))]] : []),
        ...(waitOf(bead, titleOf) ? [['Waiting', h('span', { class: 'wait' }, waitOf(bead, titleOf))]] : []),
        ...(bead.dependsOn?.length ? [['Depends on', dependsOnList(bead)]] : []),
        ...(bead.convoyId && rig ? [['Convoy', h('a', { href: `#/towns/${encodeURIComponent(rig.townId)}/convoys/${encodeURIComponent(bead.convoyId)}` }, 'its convoy')]] : []),
        ...Object.entries(bead.metadata ?? {}).map(([key, text]) => metaFact(key, text)),
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
          // The rig (its refinery) merges, not the polecat whose branch it was.
          who.textContent = event.type === 'merged' || event.type === 'merge_failed' ? 'by the rig'
            : event.agentId ? `by ${agentName(event.agentId)}` : '';
          if (event.type === 'escalated' && event.newValue) change.textContent = 'handed to a person (see Escalations)';
          meta.textContent = Object.entries(event.metadata ?? {})
            .map(([key, text]) => metaFact(key, text)).map(([key, text]) => `${key}: ${text}`).join(' · ');
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
    pastRuns.show(beadId);
    for (const row of beadRows.rows) {
      const selected = row.dataset.key === beadId;
      row.classList.toggle('selected', selected);
      row.querySelector('.bead-title')?.setAttribute('aria-pressed', String(selected));
    }
    beadProblem.hidden = true;
    editDetails.open = false;
    fillEdit();
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
      problem: () => agentFailure(agents.get(agent.id) ?? agent),
      onClose: () => {
        if (terminal === opened) terminal = null;
        if (opener?.isConnected) opener.focus();
      },
    });
    terminal = opened;
    if (agent.role === 'polecat') opened.el.append(nudgeBox(agent));
    terminalSlot.append(opened.el);
    opened.el.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    opened.focus();
  }
  ctx.onDispose(() => terminal?.close());

  /** The agent view's box for a nudge: to the running polecat at once when it takes input, else its next run. */
  function nudgeBox(agent) {
    const sent = h('p', { class: 'muted small nudge-sent', role: 'status' });
    const form = h('form', { class: 'nudge-form', 'aria-label': `Nudge ${agent.name}` },
      field({ label: `Nudge ${agent.name}`, name: 'message', required: true,
        hint: 'Goes to it now if it reads input while working, else starts its next run. Its mail keeps it.',
        attrs: { autocomplete: 'off', maxlength: '4000' } }),
      formError(),
      h('button', { type: 'submit', class: 'button small primary' }, 'Send nudge'), sent);
    onSubmit(form, async data => {
      const result = await api.nudgeAgent(rigId, agent.id, String(data.get('message') ?? ''));
      sent.textContent = result.delivery === 'delivered' ? 'Delivered to the running agent.' : 'Kept for its next run.';
      announce(`Nudge ${result.delivery === 'delivered' ? 'delivered' : 'kept for the next run'}`);
      form.elements.message.value = '';
    });
    return form;
  }

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

  function showHealth() {
    health.hidden = !rig?.health;
    if (!rig?.health) return;
    health.dataset.value = rig.health.status;
    health.textContent = rig.health.status === 'ok' ? 'Repository reachable'
      : rig.health.status === 'checking' ? 'Checking the repository…'
        : `Repository ${words(rig.health.status)}${rig.health.reason ? `: ${rig.health.reason}` : ''}`;
  }

  async function loadRig() {
    rig = await api.getRig(rigId, { signal: ctx.signal });
    heading.textContent = rig.name;
    subtitle.textContent = `${rig.gitUrl} · ${rig.defaultBranch}`;
    showHealth();
    if (!rigFormFilled || !settings.open) fillRigForm(); // never under what the user is typing
    titlePage();
  }

  let rigFormFilled = false;
  function fillRigForm() {
    rigFormFilled = true;
    rigForm.elements.name.value = rig.name;
    rigForm.elements.gitUrl.value = rig.gitUrl;
    rigForm.elements.defaultBranch.value = rig.defaultBranch;
    rigForm.elements.maxPolecats.value = rig.maxPolecats ?? '';
  }

  let titled = null; // the rig name the title and breadcrumbs show
  function titlePage() {
    if (titled === rig.name) return;
    titled = rig.name;
    ctx.setPage(rig.name, [{ label: 'Town', href: `#/towns/${encodeURIComponent(rig.townId)}` }, { label: rig.name }]);
    api.getTown(rig.townId, { signal: ctx.signal })
      .then(town => ctx.setPage(`${rig.name} · ${town.name}`, [
        { label: town.name, href: `#/towns/${encodeURIComponent(town.id)}` }, { label: rig.name }]))
      .catch(() => { /* the breadcrumb keeps saying "Town" */ });
  }

  let ticks = 0;
  const refresh = ctx.poll(async () => {
    const signal = ctx.signal;
    try {
      // The rig itself again now and then: its health changes after a create or an edit.
      if (!rig || (rig.health && ticks % 3 === 0)) await loadRig();
      ticks++;
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
    if (agentList.status === 'fulfilled') await readFailures(agentList.value, signal);
    if (signal.aborted) return;
    if (pageCurrent && page.status === 'fulfilled') renderBeads(page.value.items); // again, with the failures read
    updateSlung();
    if (ticks % 5 === 1) loadExtras(signal);
    if (agentList.status === 'fulfilled') {
      agentsProblem.show(null);
      renderAgents(agentList.value);
    } else agentsProblem.show(agentList.reason);
    if (selectedBeadId && selectedBeadId === eventsFor) {
      if (events.status === 'fulfilled') {
        eventsProblem.show(null);
        renderDetail(events.value);
      } else eventsProblem.show(events.reason);
      await pastRuns.show(selectedBeadId, signal);
    }
  }, REFRESH_MS);

  /**
   * A server without the management update records a failed dispatch only in the bead's ledger, with the agent
   * back to idle and the bead still in progress. Read it from there, so the failure shows the moment it happens.
   */
  async function readFailures(agentList, signal) {
    const stuck = agentList.filter(agent => agent.hookedBeadId && agent.status !== 'working' && !('lastError' in agent));
    const seen = new Set();
    await Promise.all(stuck.map(async agent => {
      seen.add(agent.hookedBeadId);
      try {
        const events = await api.beadEvents(rigId, agent.hookedBeadId, { signal });
        const last = events.filter(event => event.type === 'dispatched' || event.type === 'dispatch_failed').at(-1);
        if (last?.type === 'dispatch_failed') failures.set(agent.hookedBeadId, { reason: last.newValue ?? 'unknown reason', at: last.createdAt });
        else failures.delete(agent.hookedBeadId);
      } catch { /* shown on the next refresh */ }
    }));
    for (const beadId of [...failures.keys()]) if (!seen.has(beadId)) failures.delete(beadId);
  }

  /** Usage over the rig's latest 500 beads, and the alarm's status (management update), now and then. */
  async function loadExtras(signal) {
    try {
      const all = await api.listBeads(rigId, { limit: 500 }, { signal });
      usageAll = all.items;
      const total = sumUsage(usageAll);
      rigUsage.hidden = !total;
      rigUsage.textContent = total ? `This rig so far: ${formatUsage(total)}` : '';
    } catch { /* the beads table shows the problem */ }
    if (!alarmWanted) return;
    try {
      renderAlarm(await api.alarmStatus(rigId, { signal }));
      alarmSection.hidden = false;
    } catch (error) {
      if (error.missingRoute) alarmWanted = false;
    }
  }

  function renderAlarm(status) {
    const facts = [];
    const next = status?.nextTickAt ?? status?.nextTick ?? status?.nextFireAt;
    facts.push(['Next tick', next ? timeEl(next) : 'not armed (nothing to do)']);
    if (status?.lastTick?.at) facts.push(['Last tick', timeEl(status.lastTick.at)]);
    if (status?.paused) facts.push(['Dispatch paused', status.paused]);
    if (status?.rateLimitedUntil) facts.push(['Rate limited until', timeEl(status.rateLimitedUntil)]);
    const phases = status?.lastTick?.phases ?? status?.phases ?? null;
    if (phases && typeof phases === 'object') {
      for (const [phase, outcome] of Array.isArray(phases) ? phases.map(p => [p.phase ?? p.name, p.outcome ?? p.result ?? p.status]) : Object.entries(phases)) {
        if (typeof outcome !== 'object') facts.push([`Last ${words(phase)}`, String(outcome ?? '—')]);
      }
    }
    const pending = status?.pendingDispatches ?? status?.pending ?? [];
    for (const item of pending) {
      const title = beads.get(item.beadId)?.title ?? 'a bead';
      const who = item.agentName ?? agentName(item.agentId);
      facts.push([`${who} on “${title}”`, [
        `attempt ${item.attempts ?? '?'}; `, item.lastError ? `${item.lastError}; ` : '', 'next attempt ', timeEl(item.nextAttemptAt)]]);
    }
    alarmList.replaceChildren(...facts.flatMap(([term, description]) => [h('dt', null, term), h('dd', null, description)]));
  }

  onSubmit(editForm, async data => {
    const labels = String(data.get('labels') ?? '').split(',').map(label => label.trim()).filter(Boolean);
    const bead = await api.updateBead(rigId, selectedBeadId, {
      title: String(data.get('title') ?? '').trim(), body: String(data.get('body') ?? ''),
      priority: String(data.get('priority') ?? ''), labels,
    });
    if (bead?.id) beads.set(bead.id, bead);
    editFilledFor = null;
    editDetails.open = false;
    announce('Bead saved');
    refresh.now();
  });

  onSubmit(rigForm, async data => {
    const changes = {
      name: String(data.get('name') ?? '').trim(),
      gitUrl: String(data.get('gitUrl') ?? '').trim(),
      defaultBranch: String(data.get('defaultBranch') ?? '').trim() || null,
    };
    const cap = String(data.get('maxPolecats') ?? '').trim();
    if (cap) changes.maxPolecats = Number(cap);
    await api.updateRig(rigId, changes);
    announce('Rig saved');
    await loadRig();
    fillRigForm();
  });

  deleteRigButton.addEventListener('click', async () => {
    rigProblem.hidden = true;
    const ok = await confirmDialog({
      title: `Delete ${rig?.name ?? 'this rig'}?`, confirmLabel: 'Delete rig',
      message: 'Its agents stop; its beads, ledger and workspace are removed. This cannot be undone.',
    });
    if (!ok) return;
    try {
      await api.deleteRig(rigId);
      announce('Rig deleted');
      location.hash = rig ? `#/towns/${encodeURIComponent(rig.townId)}` : '#/';
    } catch (error) {
      rigProblem.textContent = describeError(error);
      rigProblem.hidden = false;
    }
  });

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
    const beadStatus = badge(bead.status, 'bead');
    const agentName = h('strong');
    const agentRole = h('span');
    const agentStatus = badge('', 'agent');
    const watch = h('button', { type: 'button', class: 'button small' });
    watch.addEventListener('click', () => { const a = agents.get(slung.agentId); if (a) watchAgent(a); });
    const hookedLine = h('p', { hidden: true }, 'Hooked to ', agentName, agentRole, ' ', agentStatus, ' ', watch);
    const queuedLine = h('p', { class: 'queued', hidden: true }, 'Queued: no polecat is free. The rig will assign it when one is.');
    const failureLine = h('p', { class: 'failure', hidden: true });
    slingResult.replaceChildren(h('p', null, 'Slung ', open, ' ', beadStatus), hookedLine, queuedLine, failureLine);
    slung = { beadId: bead.id, agentId: agent?.id ?? null, queued, bead, agent, beadStatus, agentName, agentRole, agentStatus, watch, hookedLine, queuedLine, failureLine };
    if (agent) agents.set(agent.id, agents.get(agent.id) ?? agent);
    updateSlung();
    announce(queued ? `Bead queued: ${bead.title}` : `Bead slung to ${agent?.name ?? 'a polecat'}: ${bead.title}`);
  }

  /** The sling box follows the bead and its agent as they change (it used to keep saying "in progress"). */
  function updateSlung() {
    if (!slung) return;
    const bead = beads.get(slung.beadId) ?? slung.bead;
    slung.agentId = bead.assigneeAgentId ?? slung.agentId;
    const agent = slung.agentId ? agents.get(slung.agentId) ?? slung.agent : null;
    setBadge(slung.beadStatus, shownStatus(bead));
    slung.hookedLine.hidden = !agent;
    slung.queuedLine.hidden = !!agent || bead.status !== 'open';
    if (agent) {
      slung.agentName.textContent = agent.name;
      slung.agentRole.textContent = ` (${words(agent.role)})`;
      const done = bead.status === 'closed' || bead.status === 'cancelled';
      setBadge(slung.agentStatus, done && agent.hookedBeadId !== bead.id ? '' : agent.status);
      slung.watch.textContent = `Watch ${agent.name}`;
    }
    const failure = beadFailure(bead);
    slung.failureLine.hidden = !failure;
    slung.failureLine.textContent = failure ?? '';
  }

  if (initialBeadId) selectBead(initialBeadId);
}
