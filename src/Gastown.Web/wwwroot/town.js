// "#/towns/{id}": a town's rigs (and a form for a new one) beside the mayor's chat.

import { api } from './api.js';
import {
  h, announce, badge, setBadge, field, formError, loadError, onSubmit, syncKeyed, timeEl, setTime,
} from './dom.js';
import { openTerminal } from './terminal.js';

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

  main.append(
    h('div', { class: 'page-head' }, heading, problem.el),
    h('div', { class: 'grid grid-halves' },
      h('section', { class: 'panel', 'aria-labelledby': 'rigs-heading' },
        h('h2', { id: 'rigs-heading' }, 'Rigs'), noRigs, rigList,
        h('details', { class: 'add-rig' },
          h('summary', null, 'Add a rig'),
          rigForm)),
      h('section', { class: 'panel mayor', 'aria-labelledby': 'mayor-heading' },
        h('div', { class: 'panel-head' },
          h('h2', { id: 'mayor-heading' }, 'Mayor'), mayorStatus, watchMayor),
        noMessages, chat, chatForm, terminalSlot)));

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
      const link = h('a', { class: 'card' }, name, url);
      return {
        el: h('li', null, link),
        set(rig) {
          link.href = `#/rigs/${encodeURIComponent(rig.id)}`;
          name.textContent = rig.name;
          url.textContent = `${rig.gitUrl} · ${rig.defaultBranch}`;
        },
      };
    });
  }

  function renderMayor(view) {
    mayor = view.mayor;
    if (mayor) {
      mayorStatus.replaceChildren(badge(mayor.status, 'agent'));
      watchMayor.hidden = false;
    }
    // Both sides, oldest first: the user's messages and the mayor's stored replies (older servers: messages only).
    const lines = view.conversation
      ?? [...(view.messages ?? [])].reverse().map(m => ({ id: m.id, from: 'user', text: m.body ?? m.title, createdAt: m.createdAt, status: m.status }));
    noMessages.hidden = lines.length > 0;
    const atBottom = chat.scrollHeight - chat.scrollTop - chat.clientHeight < 24;
    syncKeyed(chat, lines, line => `${line.from}:${line.id}`, () => {
      const status = badge('', 'bead');
      const speaker = h('span', { class: 'chat-from', hidden: true }, 'mayor');
      const when = timeEl(null);
      const text = h('p', { class: 'chat-text' });
      const el = h('li', { class: 'chat-message' }, h('div', { class: 'chat-meta' }, when, speaker, status), text);
      return {
        el,
        set(line) {
          const fromMayor = line.from === 'mayor';
          el.classList.toggle('from-mayor', fromMayor);
          speaker.hidden = !fromMayor;
          status.hidden = fromMayor;
          text.textContent = line.text;
          setTime(when, line.createdAt);
          if (!fromMayor) setBadge(status, line.status);
        },
      };
    });
    if (atBottom) chat.scrollTop = chat.scrollHeight;
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
      renderMayor(mayorView);
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
