// "#/towns/{id}/escalations": the town's inbox of escalations (what the agents and the rig gave up on and handed
// to a person), each with the bead and agent it is about by name, and what can be done about it.

import { api } from './api.js';
import { h, announce, actionButton, loadError, syncKeyed, timeEl, setTime, townTabs, badge } from './dom.js';
import { loadFleet } from './fleet.js';

const REFRESH_MS = 4000;

export function escalationsView(main, [townId], ctx) {
  ctx.setPage('Escalations', [{ label: 'Town', href: `#/towns/${encodeURIComponent(townId)}` }, { label: 'Escalations' }]);
  const heading = h('h1', null, 'Escalations');
  const problem = loadError();
  const list = h('ul', { class: 'inbox', 'aria-labelledby': 'inbox-heading' });
  const empty = h('p', { class: 'empty', hidden: true }, 'Nothing is waiting for you: no open escalations.');

  main.append(
    h('div', { class: 'page-head' }, heading, townTabs(townId, 'escalations'), problem.el),
    h('section', { class: 'panel', 'aria-labelledby': 'inbox-heading' },
      h('h2', { id: 'inbox-heading' }, 'Open escalations, newest first'), empty, list));

  let named = false;
  const refresh = ctx.poll(async () => {
    try {
      const fleet = await loadFleet(townId, ctx.signal);
      problem.show(null);
      if (!named) {
        named = true;
        heading.textContent = `${fleet.town.name}: escalations`;
        ctx.setPage(`Escalations · ${fleet.town.name}`, [
          { label: fleet.town.name, href: `#/towns/${encodeURIComponent(townId)}` }, { label: 'Escalations' }]);
      }
      const items = fleet.rigs.flatMap(entry => entry.beads
        .filter(bead => bead.type === 'escalation' && (bead.status === 'open' || bead.status === 'in_progress'))
        .map(bead => ({ bead, ...entry })))
        .sort((a, b) => Date.parse(b.bead.createdAt) - Date.parse(a.bead.createdAt));
      empty.hidden = items.length > 0;
      syncKeyed(list, items, item => item.bead.id, () => escalationCard(refresh));
    } catch (error) {
      if (error.name !== 'AbortError') problem.show(error);
    }
  }, REFRESH_MS);
}

function escalationCard(refresh) {
  const problemEl = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const title = h('h3', { class: 'inbox-title' });
  const reason = h('p', { class: 'inbox-reason' });
  const about = h('dl', { class: 'facts' });
  const when = timeEl(null);
  let current = null;
  // Made once and kept across refreshes, so keyboard focus stays on them.
  const retry = actionButton('Retry the bead', async () => {
    await api.retryBead(current.rig.id, current.subject.id);
    announce(`Retrying ${current.subject.title}`);
    refresh.now();
  }, { className: 'button small primary', problemEl });
  const cancel = actionButton('Cancel the bead', async () => {
    await api.cancelBead(current.rig.id, current.subject.id);
    announce(`Cancelled ${current.subject.title}`);
    refresh.now();
  }, { problemEl });
  const dismiss = actionButton('Dismiss', async () => {
    await api.cancelBead(current.rig.id, current.bead.id);
    announce('Escalation dismissed');
    refresh.now();
  }, { className: 'button small ghost', problemEl });
  const actions = h('div', { class: 'actions' }, retry, cancel, dismiss);
  const el = h('li', { class: 'panel inbox-item' },
    h('div', { class: 'inbox-head' }, badge('escalation', 'bead'), title, when), reason, about, actions, problemEl);
  return {
    el,
    set({ bead, rig, agentsById, beads }) {
      title.textContent = bead.title;
      reason.textContent = bead.body ?? '';
      reason.hidden = !bead.body;
      setTime(when, bead.createdAt);
      const subjectId = bead.metadata?.bead_id;
      const subject = subjectId ? beads.find(candidate => candidate.id === subjectId) : null;
      const agentId = bead.metadata?.agent_id;
      const agent = agentId ? agentsById.get(agentId) : null;
      const facts = [['Rig', h('a', { href: `#/rigs/${encodeURIComponent(rig.id)}` }, rig.name)]];
      if (subjectId) {
        facts.push(['Bead', h('a', { href: `#/rigs/${encodeURIComponent(rig.id)}/beads/${encodeURIComponent(subjectId)}` },
          subject?.title ?? 'a bead no longer listed'), subject ? [' ', badge(subject.status, 'bead')] : null]);
      }
      if (agentId) facts.push(['Agent', agent ? agent.name : 'an agent since removed']);
      about.replaceChildren(...facts.flatMap(([term, ...description]) => [h('dt', null, term), h('dd', null, description)]));
      current = { bead, rig, subject };
      const open = subject && subject.status !== 'closed' && subject.status !== 'cancelled';
      retry.hidden = !open;
      cancel.hidden = !open;
      dismiss.setAttribute('aria-label', `Dismiss escalation: ${bead.title}`);
    },
  };
}
