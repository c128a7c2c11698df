// "#/towns/{id}": a town's rigs (and a form for a new one) beside the mayor's chat.

import { api } from './api.js';
import {
  h, announce, badge, setBadge, field, formError, loadError, onSubmit, syncKeyed, timeEl, setTime, townTabs, words,
} from './dom.js';
import { openTerminal } from './terminal.js';

// What a message bead's status means to the person who sent it (a bare "closed" read like an error).
const MESSAGE_STATE = { open: 'waiting for the mayor', in_progress: 'the mayor is reading', closed: 'read', cancelled: 'withdrawn' };

const fromOf = item => {
  const who = String(item.role ?? item.from ?? item.author ?? item.sender ?? item.metadata?.from ?? 'user').toLowerCase();
  return who === 'mayor' || who === 'assistant' || who === 'agent' ? 'mayor' : 'user';
};
const textOf = item => String(item.body ?? item.text ?? item.message ?? item.content ?? item.title ?? '');
const atOf = item => item.createdAt ?? item.at ?? item.sentAt ?? null;

/**
 * Both sides of the chat, oldest first. A server that stores the mayor's replies sends `conversation` (user and
 * mayor messages in order), or replies on each message (`reply` / `replies`); an older one only the user's
 * messages (newest first), whose replies are in the mayor's live output.
 */
export function conversation(view) {
  if (Array.isArray(view.conversation)) {
    return view.conversation.map((item, index) => {
      const from = fromOf(item);
      return { key: `${from}:${item.id ?? index}`, from, text: textOf(item), at: atOf(item),
        state: from === 'user' && item.status ? MESSAGE_STATE[item.status] ?? words(item.status) : null };
    });
  }
  const entries = [];
  for (const message of [...(view.messages ?? [])].reverse()) {
    const from = fromOf(message);
    entries.push({ key: message.id, from, text: textOf(message), at: atOf(message),
      state: from === 'user' ? MESSAGE_STATE[message.status] ?? words(message.status) : null });
    const replies = message.replies ?? (message.reply ? [message.reply] : []);
    replies.forEach((reply, index) => entries.push({
      key: `${message.id}-r${index}`, from: 'mayor',
      text: typeof reply === 'string' ? reply : textOf(reply), at: typeof reply === 'string' ? null : atOf(reply) }));
  }
  return entries;
}

export function townView(main, [townId], ctx) {
  ctx.setPage('Town', [{ label: 'Town' }]);

  const heading = h('h1', null, 'Town');
  const problem = loadError();

  // Rigs.
  const rigList = h('ul', { class: 'card-list' });
  const noRigs = h('p', { class: 'empty', hidden: true }, 'No rigs yet. Add a git repository below.');
  const rigForm = h('form', { class: 'stack' },
    field({ label: 'Name', name: 'name', required: true, attrs: { autocomplete: 'off', maxlength: '64' } }),
    field({
      label: 'Git URL', name: 'gitUrl', required: true,
      hint: 'https://, ssh:// or git@host:path (local paths only where the server allows them).',
      attrs: { autocomplete: 'off', spellcheck: 'false' },
    }),
    field({
      label: 'Default branch', name: 'defaultBranch', hint: 'Optional; main if empty.',
      attrs: { autocomplete: 'off', spellcheck: 'false', placeholder: 'main' },
    }),
    formError(),
    h('button', { type: 'submit', class: 'button primary' }, 'Add rig'));

  // The mayor.
  const mayorStatus = h('span', { class: 'muted' }, 'not started: it wakes up with your first message');
  const watchMayor = h('button', { type: 'button', class: 'button small', hidden: true }, 'Watch live');
  const chat = h('ol', { class: 'chat', 'aria-label': 'Conversation with the mayor, oldest first' });
  const noMessages = h('p', { class: 'empty' }, 'No messages yet. Try “sling <rig>: <title>”.');
  const messageHint = 'Enter sends, Shift+Enter starts a new line.';
  const chatForm = h('form', { class: 'chat-form' },
    field({ label: 'Message to the mayor', name: 'message', required: true, multiline: true, hint: messageHint, attrs: { rows: '2' } }),
    formError(),
    h('button', { type: 'submit', class: 'button primary' }, 'Send'));
  const terminalSlot = h('div');
  let mayor = null;
  let terminal = null;

  // Recent events of every rig (management update: getTownEvents); hidden on a server without it.
  const eventsList = h('ol', { class: 'events town-events' });
  const noEvents = h('p', { class: 'empty' }, 'No events yet: they start with the first bead.');
  const eventsSection = h('section', { class: 'panel', 'aria-labelledby': 'town-events-heading', hidden: true },
    h('h2', { id: 'town-events-heading' }, 'Recent events'), noEvents, eventsList);

  main.append(
    h('div', { class: 'page-head' }, heading, townTabs(townId, 'overview'), problem.el),
    h('div', { class: 'grid grid-halves' },
      h('section', { class: 'panel', 'aria-labelledby': 'rigs-heading' },
        h('h2', { id: 'rigs-heading' }, 'Rigs'), noRigs, rigList,
        h('details', { class: 'add-rig' },
          h('summary', null, 'Add a rig'),
          rigForm)),
      h('section', { class: 'panel mayor', 'aria-labelledby': 'mayor-heading' },
        h('div', { class: 'panel-head' },
          h('h2', { id: 'mayor-heading' }, 'Mayor'), mayorStatus, watchMayor),
        noMessages, chat, chatForm, terminalSlot)),
    eventsSection);

  watchMayor.addEventListener('click', () => {
    if (!mayor) return;
    if (terminal) { terminal.focus(); return; }
    terminal = openTerminal({
      townId, agentId: mayor.id, title: 'Mayor, live',
      onClose: () => { terminal = null; watchMayor.focus(); },
    });
    terminalSlot.append(terminal.el);
    terminal.focus();
  });
  ctx.onDispose(() => terminal?.close());

  const chatField = chatForm.elements.message;
  chatField.addEventListener('keydown', event => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      chatForm.requestSubmit();
    }
  });

  let rigsShown = false;
  function renderRigs(rigs) {
    noRigs.hidden = rigs.length > 0;
    if (!rigsShown && rigs.length === 0) rigForm.closest('details').open = true; // a new town: offer the form
    rigsShown = true;
    syncKeyed(rigList, rigs, rig => rig.id, () => {
      const name = h('span', { class: 'card-title' });
      const url = h('span', { class: 'card-meta mono' });
      const health = h('span', { class: 'card-meta rig-health', hidden: true });
      const link = h('a', { class: 'card' }, name, url, health);
      return {
        el: h('li', null, link),
        set(rig) {
          link.href = `#/rigs/${encodeURIComponent(rig.id)}`;
          name.textContent = rig.name;
          url.textContent = `${rig.gitUrl} · ${rig.defaultBranch}`;
          // health: {status: ok|unreachable|checking, reason?} (management update)
          health.hidden = !rig.health;
          health.dataset.value = rig.health?.status ?? '';
          health.textContent = rig.health
            ? `${words(rig.health.status)}${rig.health.reason ? `: ${rig.health.reason}` : ''}` : '';
        },
      };
    });
  }

  function renderMayor(view) {
    mayor = view.mayor;
    if (mayor) {
      mayorStatus.replaceChildren(badge(mayor.status, 'agent'),
        mayor.statusLine ? h('span', { class: 'status-line' }, mayor.statusLine) : '');
      watchMayor.hidden = false;
    }
    const entries = conversation(view);
    noMessages.hidden = entries.length > 0;
    const atBottom = chat.scrollHeight - chat.scrollTop - chat.clientHeight < 24;
    syncKeyed(chat, entries, entry => entry.key, () => {
      const who = h('span', { class: 'chat-who' });
      const state = h('span', { class: 'chat-state' });
      const when = timeEl(null);
      const text = h('p', { class: 'chat-text' });
      const el = h('li', { class: 'chat-message' }, h('div', { class: 'chat-meta' }, who, when, state), text);
      return {
        el,
        set(entry) {
          el.dataset.from = entry.from;
          who.textContent = entry.from === 'mayor' ? 'Mayor' : 'You';
          text.textContent = entry.text;
          setTime(when, entry.at);
          state.textContent = entry.state ?? '';
          state.hidden = !entry.state;
        },
      };
    });
    if (atBottom) chat.scrollTop = chat.scrollHeight;
  }

  let rigNames = new Map();
  let eventsWanted = true;
  async function loadEvents() {
    try {
      const events = await api.townEvents(townId, { limit: 20 }, { signal: ctx.signal });
      eventsSection.hidden = false;
      noEvents.hidden = (events ?? []).length > 0;
      syncKeyed(eventsList, events ?? [], event => `${event.rigId ?? ''}:${event.id}`, () => {
        const when = timeEl(null);
        const type = badge('', 'event');
        const text = h('span', { class: 'event-change' });
        const where = h('span', { class: 'muted' });
        return {
          el: h('li', null, h('div', { class: 'event-line' }, when, type, text, where)),
          set(event) {
            setTime(when, event.createdAt ?? event.at);
            setBadge(type, event.type);
            const [from, to] = [event.oldValue, event.newValue];
            text.textContent = from && to ? `${from} → ${to}` : to ?? from ?? '';
            const rigName = event.rigName ?? (event.rigId ? rigNames.get(event.rigId) : null);
            where.textContent = rigName ? `in ${rigName}` : '';
          },
        };
      });
    } catch (error) {
      if (error.name === 'AbortError') return;
      if (error.missingRoute) eventsWanted = false; // an older server: no town events
    }
  }

  let named = false;
  const refresh = ctx.poll(async () => {
    try {
      const [town, mayorView] = await Promise.all([
        api.getTown(townId, { signal: ctx.signal }),
        api.getMayor(townId, { signal: ctx.signal }),
      ]);
      problem.show(null);
      if (!named) {
        named = true;
        heading.textContent = town.name;
        ctx.setPage(town.name, [{ label: town.name }]);
      }
      renderRigs(town.rigs ?? []);
      rigNames = new Map((town.rigs ?? []).map(rig => [rig.id, rig.name]));
      renderMayor(mayorView);
      if (eventsWanted) loadEvents();
    } catch (error) {
      if (error.name !== 'AbortError') problem.show(error);
    }
  }, 4000);

  onSubmit(rigForm, async data => {
    const rig = await api.createRig(townId, {
      name: String(data.get('name') ?? '').trim(),
      gitUrl: String(data.get('gitUrl') ?? '').trim(),
      defaultBranch: String(data.get('defaultBranch') ?? '').trim(),
    });
    rigForm.reset();
    announce(`Rig ${rig.name} added`);
    refresh.now();
  });

  onSubmit(chatForm, async data => {
    await api.sendMessage(townId, String(data.get('message') ?? ''));
    chatForm.reset();
    announce('Message sent to the mayor');
    chat.scrollTop = chat.scrollHeight;
    refresh.now();
  });
}
