// A rig's review queue: entries (waiting for approval, gates running, changes requested, merged), one entry's gate
// output and diff against the default branch, approve and reject with feedback. Mounted by rig.js.

import { request } from './api.js';
import { h, announce, badge, setBadge, formError, onSubmit, syncKeyed, timeEl, setTime, loadError } from './dom.js';

const REFRESH_MS = 3000;
const id = value => encodeURIComponent(value);
export const reviewsApi = {
  /** The town's queue across its rigs, newest first: [{rigId, rigName, beadTitle, beadStatus, reviewRounds, review}]. */
  town: (townId, { status, limit } = {}, opts) => {
    const query = new URLSearchParams();
    if (status) query.set('status', status);
    if (limit) query.set('limit', String(limit));
    return request(`/api/towns/${id(townId)}/reviews?${query}`, opts).then(r => r.data ?? []);
  },
  list: (rigId, opts) => request(`/api/rigs/${id(rigId)}/reviews`, opts).then(r => r.data ?? []),
  get: (rigId, reviewId, opts) => request(`/api/rigs/${id(rigId)}/reviews/${id(reviewId)}`, opts).then(r => r.data),
  approve: (rigId, reviewId) => request(`/api/rigs/${id(rigId)}/reviews/${id(reviewId)}/approve`, { method: 'POST' }).then(r => r.data),
  reject: (rigId, reviewId, feedback) =>
    request(`/api/rigs/${id(rigId)}/reviews/${id(reviewId)}/reject`, { method: 'POST', body: { feedback } }).then(r => r.data),
};

/** The review views' own stylesheet, so the dashboard's app.css stays untouched. */
export function ensureReviewStyles() {
  if (!document.querySelector('link[data-reviews]')) document.head.append(h('link', { rel: 'stylesheet', href: 'reviews.css', 'data-reviews': true }));
}

/** "gates 1/2 passed", or a dash before any gate ran. */
export function gatesSummary(entry) {
  const results = entry.gates ?? [];
  return results.length === 0 ? '—' : `${results.filter(g => g.passed).length}/${results.length} passed`;
}

/**
 * The review panel of a rig: appends itself to `main` and refreshes with the view's context; `initialReviewId` opens
 * that entry's diff at once (a link from the town's review queue).
 */
export function mountReviews(main, rigId, ctx, initialReviewId = null) {
  ensureReviewStyles();
  let selectedId = null;
  let detailVersion = null; // status and updatedAt of the entry the detail shows: reloaded when the entry moves on
  const rows = h('tbody');
  const empty = h('p', { class: 'empty' }, 'No reviews yet: a finished branch shows up here before it is merged.');
  const problem = loadError();

  const detailHeading = h('h3', { id: 'review-heading', tabindex: '-1' });
  const detailFacts = h('dl', { class: 'facts' });
  const gatesList = h('div', { class: 'gates' });
  const diffView = h('div', { class: 'diff' });
  const detailProblem = loadError();
  const approveButton = h('button', { type: 'button', class: 'button primary' }, 'Approve and merge');
  const rejectForm = h('form', { class: 'stack' },
    h('label', null, 'Feedback for the polecat', h('textarea', { name: 'feedback', required: true, rows: '3', maxlength: '20000' })),
    formError(),
    h('button', { type: 'submit', class: 'button' }, 'Request changes'));
  const decision = h('div', { class: 'review-decision', hidden: true }, approveButton, rejectForm);
  const detail = h('div', { class: 'review-detail', hidden: true, 'aria-labelledby': 'review-heading' },
    h('div', { class: 'panel-head' }, detailHeading,
      h('button', { type: 'button', class: 'button small ghost', onclick: () => select(null) }, 'Close')),
    detailProblem.el, detailFacts, decision, h('h4', null, 'Gates'), gatesList, h('h4', null, 'Diff'), diffView);

  main.append(h('section', { class: 'panel reviews', 'aria-labelledby': 'reviews-heading' },
    h('h2', { id: 'reviews-heading' }, 'Review queue'), problem.el, empty,
    h('div', { class: 'table-wrap' },
      h('table', null,
        h('caption', { class: 'visually-hidden' }, 'Review queue of this rig, newest first'),
        h('thead', null, h('tr', null, ['Branch', 'Status', 'Gates', 'Message', 'Updated'].map(label => h('th', { scope: 'col' }, label)))),
        rows)),
    detail));

  function renderList(entries) {
    empty.hidden = entries.length > 0;
    syncKeyed(rows, entries, entry => entry.id, () => {
      const open = h('button', { type: 'button', class: 'link mono' });
      const status = badge('', 'review');
      const gates = h('td');
      const message = h('td', { class: 'muted' });
      const updated = timeEl(null);
      const el = h('tr', null, h('td', null, open), h('td', null, status), gates, message, h('td', null, updated));
      let current = null;
      open.addEventListener('click', () => select(current.id));
      return {
        el,
        set(entry) {
          current = entry;
          open.textContent = entry.branch;
          setBadge(status, entry.status);
          gates.textContent = gatesSummary(entry);
          message.textContent = entry.message ?? '';
          setTime(updated, entry.updatedAt);
        },
      };
    });
  }

  function renderDetail(details) {
    const review = details.review;
    detailHeading.textContent = details.beadTitle ?? (review.id === review.beadId && review.summary ? review.summary : review.branch);
    detailFacts.replaceChildren(
      h('dt', null, 'Branch'), h('dd', { class: 'mono' }, review.branch),
      h('dt', null, 'Status'), h('dd', null, badge(review.status, 'review')),
      h('dt', null, 'Review rounds'), h('dd', null, String(details.reviewRounds)),
      h('dt', null, 'Summary'), h('dd', null, review.summary ?? '—'),
      // replaceChildren takes nodes only (a null or an array would become text inside the <dl>).
      ...(review.feedback ? [h('dt', null, 'Feedback'), h('dd', null, h('pre', { class: 'gate-output' }, review.feedback))] : []));
    decision.hidden = review.status !== 'awaiting_approval';
    gatesList.replaceChildren(...(review.gates ?? []).map(gate =>
      h('details', { class: 'gate', open: !gate.passed },
        h('summary', null, badge(gate.passed ? 'passed' : gate.timedOut ? 'timed_out' : 'failed', 'gate'), ' ',
          h('code', null, gate.command.join(' ')), ` · ${gate.seconds}s`),
        h('pre', { class: 'gate-output' }, gate.output || '(no output)'))));
    if (!review.gates?.length) gatesList.replaceChildren(h('p', { class: 'muted' }, 'No gate results (yet).'));

    if (!details.diff) {
      diffView.replaceChildren(h('p', { class: 'muted' }, details.diffError ?? 'No diff.'));
      return;
    }
    diffView.replaceChildren(
      ...(details.diff.truncated ? [h('p', { class: 'queued' }, 'The diff is too large: only its beginning is shown.')] : []),
      ...details.diff.files.map(file => h('details', { class: 'diff-file', open: true },
        h('summary', null, h('span', { class: 'mono' }, file.oldPath ? `${file.oldPath} → ${file.path}` : file.path),
          ' ', h('span', { class: 'diff-add' }, `+${file.additions}`), ' ', h('span', { class: 'diff-del' }, `−${file.deletions}`)),
        ...file.hunks.map(hunk => h('pre', { class: 'diff-hunk' },
          h('span', { class: 'diff-head' }, hunk.header), '\n',
          ...hunk.lines.map(line => h('span', { class: line[0] === '+' ? 'diff-add' : line[0] === '-' ? 'diff-del' : '' }, line + '\n')))))));
  }

  async function loadDetail() {
    if (!selectedId) return;
    const wanted = selectedId;
    try {
      const details = await reviewsApi.get(rigId, wanted, { signal: ctx.signal });
      if (wanted !== selectedId) return;
      detailProblem.show(null);
      detailVersion = `${details.review.status}@${details.review.updatedAt}`;
      renderDetail(details);
    } catch (error) {
      if (error.name !== 'AbortError') detailProblem.show(error);
    }
  }

  function select(reviewId) {
    selectedId = reviewId;
    detail.hidden = !reviewId;
    if (reviewId) {
      loadDetail();
      detailHeading.focus();
    }
  }

  approveButton.addEventListener('click', async () => {
    if (!selectedId) return;
    try {
      await reviewsApi.approve(rigId, selectedId);
      announce('Approved: the merge follows on the rig\'s next tick.');
      refresh.now();
      loadDetail();
    } catch (error) {
      detailProblem.show(error);
    }
  });

  onSubmit(rejectForm, async data => {
    await reviewsApi.reject(rigId, selectedId, String(data.get('feedback') ?? '').trim());
    rejectForm.reset();
    announce('Changes requested: the bead goes back to a polecat with your feedback.');
    refresh.now();
    loadDetail();
  });

  const refresh = ctx.poll(async () => {
    try {
      const entries = await reviewsApi.list(rigId, { signal: ctx.signal });
      renderList(entries);
      problem.show(null);
      const shown = selectedId ? entries.find(entry => entry.id === selectedId) : null;
      if (shown && detailVersion !== null && detailVersion !== `${shown.status}@${shown.updatedAt}`) loadDetail();
    } catch (error) {
      if (error.name !== 'AbortError') problem.show(error);
    }
  }, REFRESH_MS);
  if (initialReviewId) select(initialReviewId);
  return { refresh };
}
