// "#/towns/{id}/convoys": the town's convoys (progress, status, why one is blocked or stranded) and a form to plan a new one;
// "#/towns/{id}/convoys/{convoyId}": one convoy's dependency graph, live, with start and close (issue 23).

import { api } from './api.js';
import {
  h, announce, badge, setBadge, field, formError, loadError, onSubmit, syncKeyed, timeEl, setTime, townTabs,
  actionButton, confirmDialog, words,
} from './dom.js';

const REFRESH_MS = 2500;
const STATUSES = ['staged', 'active', 'blocked', 'landing', 'landed', 'closed'];
/** Bead statuses that will not merge by themselves: a convoy waiting on one is blocked until it is retried or closed. */
const STUCK = ['cancelled', 'missing'];

export function ensureConvoyStyles() {
  if (!document.querySelector('link[data-convoys]')) document.head.append(h('link', { rel: 'stylesheet', href: 'convoys.css', 'data-convoys': true }));
}

const townHref = townId => `#/towns/${encodeURIComponent(townId)}`;
const convoyHref = (townId, convoyId) => `${townHref(townId)}/convoys/${encodeURIComponent(convoyId)}`;

/** A progress bar of merged (and failed) beads out of all, with its numbers as text. */
function progress() {
  const merged = h('span', { class: 'convoy-bar-merged' });
  const failed = h('span', { class: 'convoy-bar-failed' });
  const bar = h('div', { class: 'convoy-bar', role: 'progressbar', 'aria-valuemin': '0' }, merged, failed);
  const text = h('span', { class: 'convoy-bar-text small' });
  return {
    el: h('div', { class: 'convoy-progress' }, bar, text),
    set(convoy) {
      const total = Math.max(convoy.total, 0);
      const pct = count => (total === 0 ? 0 : Math.round((count / total) * 100));
      merged.style.width = `${pct(convoy.closed)}%`;
      failed.style.width = `${pct(convoy.failed)}%`;
      bar.setAttribute('aria-valuemax', String(total));
      bar.setAttribute('aria-valuenow', String(convoy.closed));
      bar.setAttribute('aria-label', `${convoy.title}: ${convoy.closed} of ${total} merged`);
      text.textContent = `${convoy.closed}/${total} merged` + (convoy.failed ? ` · ${convoy.failed} failed` : '');
    },
  };
}

/** Why a convoy is not moving, from its detail: the stuck beads its other beads wait for. */
function blockedReason(detail) {
  if (!detail) return null;
  const refused = (detail.landing ?? []).filter(landing => ['changes_requested', 'failed'].includes(landing.reviewStatus));
  if (refused.length) {
    return refused.map(landing => `The landing merge into ${landing.rigName} was ${landing.reviewStatus === 'failed' ? 'refused' : 'sent back'}`
      + (landing.message ? ` (${landing.message})` : '')).join('; ') + '. Close the convoy, or land its feature branch by hand.';
  }
  const byId = new Map(detail.beads.map(bead => [bead.id, bead]));
  const stuck = detail.beads.filter(bead => bead.escalated || STUCK.includes(bead.status));
  if (stuck.length === 0) return null;
  const waiting = detail.beads.filter(bead => bead.blockedBy.some(id => stuck.includes(byId.get(id))));
  const named = stuck.map(bead => `“${bead.title}” (${bead.escalated ? 'escalated' : words(bead.status)})`).join(', ');
  return `${named} will not merge by itself` + (waiting.length ? `; ${waiting.length} bead${waiting.length === 1 ? '' : 's'} wait for it` : '')
    + '. Retry it or close the convoy.';
}

/** Why a running convoy is stranded (ready work that nothing runs), as the server found it; null when it is not. */
function strandedReason(convoy) {
  const stranded = convoy.stranded;
  if (!stranded) return null;
  return `Stranded (${words(stranded.reason)}) since ${new Date(stranded.since).toLocaleTimeString()}: ${stranded.detail}.`;
}

/** The reasons a convoy is not moving, blocked and/or stranded, as one sentence (null: it moves). */
function whyNotMoving(convoy, blocked) {
  const why = [convoy.status === 'blocked' ? blocked ?? 'A bead it depends on failed.' : null, strandedReason(convoy)].filter(Boolean);
  return why.length ? why.join(' ') : null;
}

/** A badge shown only while the convoy is stranded (its status badge keeps the stored status). */
function strandedBadge() {
  const el = badge('stranded', 'stranded');
  el.hidden = true;
  return el;
}

// --- The list ------------------------------------------------------------------------------------------------

export function convoysView(main, [townId], ctx) {
  ensureConvoyStyles();
  ctx.setPage('Convoys', [{ label: 'Town', href: townHref(townId) }, { label: 'Convoys' }]);
  const heading = h('h1', null, 'Convoys');
  const problem = loadError();
  const filter = field({ label: 'Status', name: 'status', options: [['', 'Any status'], ...STATUSES.map(status => [status, words(status)])] });
  const select = filter.querySelector('select');
  const list = h('ul', { class: 'convoy-list' });
  const empty = h('p', { class: 'empty', hidden: true });
  const reasons = new Map(); // convoyId → why it is blocked (from its detail)
  let rigs = [];

  const form = createForm(townId, () => rigs, created => {
    announce(`Convoy “${created.title}” created`);
    location.hash = convoyHref(townId, created.id);
  });

  main.append(
    h('div', { class: 'page-head' }, heading, townTabs(townId, 'convoys'), problem.el),
    h('div', { class: 'grid convoy-page' },
      h('section', { class: 'panel', 'aria-labelledby': 'convoys-heading' },
        h('div', { class: 'panel-head' }, h('h2', { id: 'convoys-heading' }, 'Convoys'), h('div', { class: 'filters' }, filter)),
        empty, list),
      h('section', { class: 'panel', 'aria-labelledby': 'new-convoy-heading' },
        h('h2', { id: 'new-convoy-heading' }, 'Plan a convoy'), form.el)));

  let named = false;
  const refresh = ctx.poll(async () => {
    try {
      const [town, convoys] = await Promise.all([
        named && rigs.length ? null : api.getTown(townId, { signal: ctx.signal }),
        api.listConvoys(townId, select.value || null, { signal: ctx.signal }),
      ]);
      if (town) {
        named = true;
        rigs = town.rigs ?? [];
        form.setRigs(rigs);
        heading.textContent = `${town.name}: convoys`;
        ctx.setPage(`Convoys · ${town.name}`, [{ label: town.name, href: townHref(townId) }, { label: 'Convoys' }]);
      }
      for (const convoy of convoys.filter(c => c.status === 'blocked')) {
        reasons.set(convoy.id, blockedReason(await api.getConvoy(townId, convoy.id, { signal: ctx.signal })));
      }
      problem.show(null);
      render(convoys);
    } catch (error) {
      if (error.name !== 'AbortError') problem.show(error);
    }
  }, REFRESH_MS);
  select.addEventListener('change', () => refresh.now());

  function render(convoys) {
    empty.hidden = convoys.length > 0;
    empty.textContent = select.value ? `No ${words(select.value)} convoys.` : 'No convoys yet: plan one, or ask the mayor (“plan web: Add API; Add UI after 1”).';
    syncKeyed(list, convoys, convoy => convoy.id, () => {
      const title = h('a', { class: 'convoy-title' });
      const status = badge('', 'convoy');
      const stranded = strandedBadge();
      const mode = h('span', { class: 'muted small' });
      const bar = progress();
      const reason = h('p', { class: 'wait', hidden: true });
      const created = timeEl(null);
      return {
        el: h('li', { class: 'convoy-item' }, h('div', { class: 'convoy-head' }, title, status, stranded, mode, created), bar.el, reason),
        set(convoy) {
          title.textContent = convoy.title;
          title.href = convoyHref(townId, convoy.id);
          setBadge(status, convoy.status);
          mode.textContent = `${convoy.mode}${convoy.staged && convoy.status === 'staged' ? ' · staged' : ''}`;
          bar.set(convoy);
          stranded.hidden = !convoy.stranded;
          const why = whyNotMoving(convoy, reasons.get(convoy.id));
          reason.hidden = !why;
          reason.textContent = why ?? '';
          setTime(created, convoy.createdAt);
        },
      };
    });
  }
}

/** The create-convoy form: a title, tasks (rig, title, after which tasks), mode, staged. */
function createForm(townId, rigsOf, created) {
  const tasks = h('ol', { class: 'convoy-tasks' });
  const form = h('form', { class: 'stack', 'aria-label': 'Plan a convoy' },
    field({ label: 'Convoy title', name: 'title', required: true, hint: 'The feature these tasks make up.', attrs: { autocomplete: 'off', maxlength: '200' } }),
    h('fieldset', { class: 'convoy-tasks-set' }, h('legend', null, 'Tasks'), tasks,
      h('button', { type: 'button', class: 'button small', onclick: () => { addTask(); tasks.lastElementChild?.querySelector('input')?.focus(); } }, 'Add a task')),
    field({ label: 'Mode', name: 'mode', options: [['direct', 'Direct: each bead merges into its rig'], ['land', 'Land: one feature branch per rig, landed at the end']] }),
    h('label', { class: 'checkbox' }, h('input', { type: 'checkbox', name: 'staged' }), ' Staged (nothing runs until started)'),
    formError(),
    h('button', { type: 'submit', class: 'button primary' }, 'Create convoy'));

  function rigOptions() {
    const rigs = rigsOf();
    return rigs.length ? rigs.map(rig => [rig.id, rig.name]) : [['', 'No rigs yet']];
  }

  function addTask() {
    const index = tasks.children.length;
    const rig = field({ label: 'Rig', name: `tasks[${index}].rig`, options: rigOptions() });
    const title = field({ label: 'Title', name: `tasks[${index}].title`, required: index === 0, attrs: { autocomplete: 'off', maxlength: '500' } });
    const after = field({ label: 'After tasks', name: `tasks[${index}].dependsOn`, hint: 'Task numbers, e.g. 1, 2', attrs: { autocomplete: 'off', inputmode: 'numeric' } });
    tasks.append(h('li', { class: 'convoy-task', 'data-task': String(index) }, rig, title, after));
  }
  addTask();
  addTask();

  onSubmit(form, async data => {
    const rows = [...tasks.children].map((row, index) => ({
      rig: data.get(`tasks[${index}].rig`) ?? '',
      title: String(data.get(`tasks[${index}].title`) ?? '').trim(),
      after: String(data.get(`tasks[${index}].dependsOn`) ?? ''),
    }));
    // Rows left empty are skipped; "after" numbers are 1-based task numbers of the rows as shown.
    const kept = rows.map((row, index) => ({ ...row, number: index + 1 })).filter(row => row.title);
    const indexOf = new Map(kept.map((row, index) => [row.number, index]));
    const body = {
      title: String(data.get('title') ?? '').trim(),
      mode: data.get('mode') || 'direct',
      staged: data.get('staged') === 'on',
      tasks: kept.map(row => {
        const numbers = row.after.split(/[\s,;]+/).filter(Boolean).map(Number);
        // An unknown number stays out of range, so the server names the task's field.
        const dependsOn = numbers.map(number => indexOf.get(number) ?? -1);
        return { rig: row.rig, title: row.title, dependsOn: dependsOn.length ? dependsOn : null };
      }),
    };
    created(await api.createConvoy(townId, body));
  });

  return {
    el: form,
    setRigs() {
      for (const select of tasks.querySelectorAll('select')) {
        const value = select.value;
        select.replaceChildren(...rigOptions().map(([id, name]) => h('option', { value: id }, name)));
        if ([...select.options].some(option => option.value === value)) select.value = value;
      }
    },
  };
}

// --- One convoy ----------------------------------------------------------------------------------------------

/** Layers of a DAG: a bead's layer is one more than the deepest bead it waits for (cycles cannot occur). */
export function layersOf(beads, edges) {
  const waitsFor = new Map(beads.map(bead => [bead.id, []]));
  for (const edge of edges) waitsFor.get(edge.beadId)?.push(edge.dependsOn);
  const depth = new Map();
  const visit = (id, seen = new Set()) => {
    if (depth.has(id)) return depth.get(id);
    if (seen.has(id)) return 0;
    seen.add(id);
    const d = Math.max(-1, ...(waitsFor.get(id) ?? []).filter(other => waitsFor.has(other)).map(other => visit(other, seen))) + 1;
    depth.set(id, d);
    return d;
  };
  const layers = [];
  for (const bead of beads) (layers[visit(bead.id)] ??= []).push(bead);
  return layers.filter(Boolean);
}

export function convoyView(main, [townId, convoyId], ctx) {
  ensureConvoyStyles();
  const listHref = `${townHref(townId)}/convoys`;
  ctx.setPage('Convoy', [{ label: 'Town', href: townHref(townId) }, { label: 'Convoys', href: listHref }, { label: 'Convoy' }]);
  const heading = h('h1', null, 'Convoy');
  const problem = loadError();
  const status = badge('', 'convoy');
  const stranded = strandedBadge();
  const facts = h('p', { class: 'muted' });
  const bar = progress();
  const reason = h('p', { class: 'wait', hidden: true, role: 'status' });
  const actionProblem = h('p', { class: 'form-error', role: 'alert', hidden: true });
  let convoy = null;
  const start = actionButton('Start', async () => {
    convoy = await api.startConvoy(townId, convoyId);
    announce('Convoy started');
    render(convoy);
  }, { className: 'button primary', problemEl: actionProblem });
  const close = actionButton('Close convoy', async () => {
    const ok = await confirmDialog({
      title: 'Close this convoy?', confirmLabel: 'Close convoy',
      message: 'Every bead of it not merged yet is cancelled and its agent stopped. Merged work stays.',
    });
    if (!ok) return;
    convoy = await api.closeConvoy(townId, convoyId);
    announce('Convoy closed');
    render(convoy);
  }, { className: 'button danger', problemEl: actionProblem });
  const graph = h('div', { class: 'convoy-graph', role: 'list', 'aria-label': 'Beads by the order they can run in' });
  const arrows = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  arrows.setAttribute('class', 'convoy-arrows');
  arrows.setAttribute('aria-hidden', 'true');
  const canvas = h('div', { class: 'convoy-canvas' }, arrows, graph);
  // Land mode: the feature branch and each rig's landing merge (a review a person may have to approve).
  const landingList = h('ul', { class: 'convoy-landing' });
  const landingPanel = h('section', { class: 'panel', 'aria-labelledby': 'convoy-landing-heading', hidden: true },
    h('h2', { id: 'convoy-landing-heading' }, 'Landing'),
    h('p', { class: 'muted small' }, 'Each rig’s beads merge into the feature branch; once all have merged, one landing merge per rig takes it into the default branch through the rig’s review.'),
    landingList);

  main.append(
    h('div', { class: 'page-head' }, heading, townTabs(townId, 'convoys'), problem.el),
    h('section', { class: 'panel', 'aria-labelledby': 'convoy-summary-heading' },
      h('div', { class: 'panel-head' }, h('h2', { id: 'convoy-summary-heading' }, 'Progress'), status, stranded,
        h('div', { class: 'actions' }, start, close)),
      facts, bar.el, reason, actionProblem),
    landingPanel,
    h('section', { class: 'panel', 'aria-labelledby': 'convoy-graph-heading' },
      h('h2', { id: 'convoy-graph-heading' }, 'Dependency graph'),
      h('p', { class: 'muted small' }, 'Left to right in the order they can run: each bead waits for the beads its arrows come from.'),
      h('div', { class: 'convoy-scroll' }, canvas)));

  let townName = 'Town';
  api.getTown(townId, { signal: ctx.signal }).then(town => { townName = town.name; if (convoy) render(convoy); }).catch(() => {});
  ctx.poll(async () => {
    try {
      render(await api.getConvoy(townId, convoyId, { signal: ctx.signal }));
      problem.show(null);
    } catch (error) {
      if (error.name !== 'AbortError') problem.show(error);
    }
  }, REFRESH_MS);
  window.addEventListener('resize', drawArrows, { signal: ctx.signal });

  function render(detail) {
    convoy = detail;
    heading.textContent = detail.title;
    ctx.setPage(`Convoy · ${detail.title}`, [{ label: townName, href: townHref(townId) }, { label: 'Convoys', href: listHref }, { label: detail.title }]);
    setBadge(status, detail.status);
    facts.textContent = `${detail.mode} mode · created ${new Date(detail.createdAt).toLocaleString()}`
      + (detail.landedAt ? ` · landed ${new Date(detail.landedAt).toLocaleString()}` : '')
      + (detail.closedAt ? ` · closed ${new Date(detail.closedAt).toLocaleString()}` : '');
    bar.set(detail);
    stranded.hidden = !detail.stranded;
    landingPanel.hidden = detail.mode !== 'land';
    syncKeyed(landingList, detail.landing ?? [], landing => landing.rigId, () => {
      const rig = h('strong');
      const branch = h('code');
      const state = badge('', 'review');
      const link = h('a', { class: 'small', hidden: true }, 'Open the review');
      return {
        el: h('li', null, rig, ' · ', branch, ' ', state, ' ', link),
        set(landing) {
          rig.textContent = landing.rigName;
          branch.textContent = landing.featureBranch;
          setBadge(state, landing.reviewStatus ?? 'not yet');
          link.hidden = !landing.reviewId;
          if (landing.reviewId) link.href = `#/rigs/${encodeURIComponent(landing.rigId)}/reviews/${encodeURIComponent(landing.reviewId)}`;
        },
      };
    });
    const why = whyNotMoving(detail, blockedReason(detail));
    reason.hidden = !why;
    reason.textContent = why ?? '';
    start.hidden = detail.status !== 'staged';
    close.hidden = detail.status === 'closed' || detail.status === 'landed';

    const byId = new Map(detail.beads.map(bead => [bead.id, bead]));
    const layers = layersOf(detail.beads, detail.edges);
    syncKeyed(graph, layers.map((beads, index) => ({ index, beads })), layer => String(layer.index), () => {
      const list = h('ul', { class: 'convoy-layer-beads' });
      const label = h('h3', { class: 'convoy-layer-label' });
      return {
        el: h('div', { class: 'convoy-layer', role: 'listitem' }, label, list),
        set(layer) {
          label.textContent = layer.index === 0 ? 'First' : `Step ${layer.index + 1}`;
          syncKeyed(list, layer.beads, bead => bead.id, () => beadNode(byId));
        },
      };
    });
    requestAnimationFrame(drawArrows);
  }

  function beadNode(byId) {
    const title = h('a', { class: 'convoy-node-title' });
    const state = badge('', 'bead');
    const held = h('span', { class: 'badge', 'data-value': 'held', hidden: true }, 'held');
    const rig = h('span', { class: 'muted small' });
    const agent = h('p', { class: 'small', hidden: true });
    const waits = h('p', { class: 'wait', hidden: true });
    const el = h('li', { class: 'convoy-node' }, title, h('div', { class: 'board-meta' }, rig, state, held), agent, waits);
    return {
      el,
      set(bead) {
        el.dataset.bead = bead.id;
        el.dataset.status = bead.escalated ? 'escalated' : bead.status;
        title.textContent = bead.title;
        title.href = `#/rigs/${encodeURIComponent(bead.rigId)}/beads/${encodeURIComponent(bead.id)}`;
        rig.textContent = bead.rigName;
        setBadge(state, bead.escalated && bead.status !== 'closed' ? 'escalated' : bead.status);
        held.hidden = !bead.held || bead.status === 'closed' || bead.status === 'cancelled';
        agent.hidden = !bead.agent;
        agent.textContent = bead.agent ? `${bead.agent.name} · ${words(bead.agent.status)}` : '';
        const blockers = bead.blockedBy.map(id => byId.get(id));
        waits.hidden = blockers.length === 0;
        waits.textContent = blockers.length
          ? `Waits for ${blockers.map(b => (b ? `“${b.title}” (${b.escalated ? 'escalated' : words(b.status)})` : 'a bead outside the convoy')).join(', ')}`
          : '';
      },
    };
  }

  /** One arrow per edge, from the blocker's right edge to the dependent's left edge; green once the blocker merged. */
  function drawArrows() {
    if (!convoy || !canvas.isConnected) return;
    const origin = canvas.getBoundingClientRect();
    arrows.setAttribute('width', String(canvas.scrollWidth));
    arrows.setAttribute('height', String(canvas.scrollHeight));
    const node = id => graph.querySelector(`.convoy-node[data-bead="${CSS.escape(id)}"]`);
    const paths = [];
    for (const edge of convoy.edges) {
      const [from, to] = [node(edge.dependsOn), node(edge.beadId)];
      if (!from || !to) continue;
      const a = from.getBoundingClientRect();
      const b = to.getBoundingClientRect();
      const x1 = a.right - origin.left;
      const y1 = a.top + a.height / 2 - origin.top;
      const x2 = b.left - origin.left;
      const y2 = b.top + b.height / 2 - origin.top;
      const bend = Math.max(20, (x2 - x1) / 2);
      const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
      path.setAttribute('d', `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`);
      path.setAttribute('class', `convoy-edge${from.dataset.status === 'closed' ? ' done' : ''}`);
      path.setAttribute('marker-end', 'url(#convoy-arrowhead)');
      paths.push(path);
    }
    const defs = document.createElementNS('http://www.w3.org/2000/svg', 'defs');
    const marker = document.createElementNS('http://www.w3.org/2000/svg', 'marker');
    for (const [key, value] of Object.entries({ id: 'convoy-arrowhead', viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' }))
      marker.setAttribute(key, value);
    const head = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    head.setAttribute('d', 'M 0 0 L 10 5 L 0 10 z');
    head.setAttribute('class', 'convoy-arrowhead');
    marker.append(head);
    defs.append(marker);
    arrows.replaceChildren(defs, ...paths);
  }
}
