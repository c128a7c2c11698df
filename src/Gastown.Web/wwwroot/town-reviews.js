// "#/towns/{id}/reviews": the town's review queue across its rigs (waiting for a person, queued, gates running,
// approved, changes requested or failed, merged), each entry linking to its diff on the rig's page.

import { api } from './api.js';
import { h, badge, setBadge, field, loadError, syncKeyed, timeEl, setTime, townTabs } from './dom.js';
import { reviewsApi, ensureReviewStyles, gatesSummary } from './reviews.js';

const REFRESH_MS = 3000;
const LIMIT = 200;

// What a person looks for, as groups of review statuses.
const GROUPS = [
  ['waiting', 'Waiting for approval', ['awaiting_approval']],
  ['queued', 'Queued', ['pending']],
  ['running', 'Gates running', ['running']],
  ['approved', 'Approved', ['approved']],
  ['failed', 'Failed / changes requested', ['changes_requested', 'failed']],
  ['merged', 'Merged', ['merged']],
];

export function townReviewsView(main, [townId], ctx) {
  ensureReviewStyles();
  const townHref = `#/towns/${encodeURIComponent(townId)}`;
  ctx.setPage('Reviews', [{ label: 'Town', href: townHref }, { label: 'Reviews' }]);
  const heading = h('h1', null, 'Reviews');
  const problem = loadError();
  const filter = field({ label: 'Show', name: 'group', options: [['', 'Everything'], ...GROUPS.map(([key, label]) => [key, label])] });
  const select = filter.querySelector('select');
  const counts = h('ul', { class: 'review-counts', 'aria-label': 'Entries by state' });
  const rows = h('tbody');
  const empty = h('p', { class: 'empty', hidden: true });

  main.append(
    h('div', { class: 'page-head' }, heading, townTabs(townId, 'reviews'), problem.el),
    h('section', { class: 'panel reviews', 'aria-labelledby': 'town-reviews-heading' },
      h('div', { class: 'panel-head' }, h('h2', { id: 'town-reviews-heading' }, 'Review queue of every rig'), h('div', { class: 'filters' }, filter)),
      counts, empty,
      h('div', { class: 'table-wrap' },
        h('table', null,
          h('caption', { class: 'visually-hidden' }, 'Review queue of this town, newest first'),
          h('thead', null, h('tr', null, ['Bead', 'Rig', 'Status', 'Review rounds', 'Gates', 'Message', 'Updated', 'Diff']
            .map(label => h('th', { scope: 'col' }, label)))),
          rows))));

  let entries = [];
  function render() {
    const group = GROUPS.find(([key]) => key === select.value);
    const shown = group ? entries.filter(item => group[2].includes(item.review.status)) : entries;
    counts.replaceChildren(...GROUPS.map(([key, label, statuses]) =>
      h('li', { 'data-group': key }, `${label}: `, h('strong', null, String(entries.filter(item => statuses.includes(item.review.status)).length)))));
    empty.hidden = shown.length > 0;
    empty.textContent = entries.length === 0
      ? 'No reviews yet: a finished branch shows up here before it is merged.'
      : 'Nothing in this state.';
    syncKeyed(rows, shown, item => item.review.id, () => {
      const bead = h('th', { scope: 'row' });
      const rig = h('a');
      const status = badge('', 'review');
      const rounds = h('td', { class: 'num' });
      const gates = h('td');
      const message = h('td', { class: 'muted' });
      const updated = timeEl(null);
      const diff = h('a', { class: 'button small' }, 'Open diff');
      return {
        el: h('tr', null, bead, h('td', null, rig), h('td', null, status), rounds, gates, message, h('td', null, updated), h('td', null, diff)),
        set(item) {
          const review = item.review;
          // A convoy's landing merge has no bead: its id is the convoy's (decision 0029), its summary names the convoy.
          const landing = review.id === review.beadId;
          bead.replaceChildren(item.beadTitle ?? (landing ? review.summary ?? 'Landing of a convoy' : 'a bead since deleted'), h('br'), h('span', { class: 'muted small mono' }, review.branch));
          rig.textContent = item.rigName;
          rig.href = `#/rigs/${encodeURIComponent(item.rigId)}`;
          setBadge(status, review.status);
          rounds.textContent = String(item.reviewRounds);
          gates.textContent = gatesSummary(review);
          message.textContent = review.message ?? '';
          setTime(updated, review.updatedAt);
          diff.href = `#/rigs/${encodeURIComponent(item.rigId)}/reviews/${encodeURIComponent(review.id)}`;
          diff.setAttribute('aria-label', `Open diff of ${item.beadTitle ?? review.branch}`);
        },
      };
    });
  }
  select.addEventListener('change', render);

  let named = false;
  ctx.poll(async () => {
    try {
      const [town, list] = await Promise.all([
        named ? null : api.getTown(townId, { signal: ctx.signal }),
        reviewsApi.town(townId, { limit: LIMIT }, { signal: ctx.signal }),
      ]);
      problem.show(null);
      if (town) {
        named = true;
        heading.textContent = `${town.name}: reviews`;
        ctx.setPage(`Reviews · ${town.name}`, [{ label: town.name, href: townHref }, { label: 'Reviews' }]);
      }
      entries = list;
      render();
    } catch (error) {
      if (error.name !== 'AbortError') problem.show(error);
    }
  }, REFRESH_MS);
}
