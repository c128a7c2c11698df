// The dashboard shell: the token, the header, and a tiny hash router (#/, #/towns/{id}, #/rigs/{id}).
// Each view gets a context whose polls and sockets stop when the user navigates away.

import { api, ApiError, token } from './api.js';
import { h, announce, every, field, formError, onSubmit } from './dom.js';
import { townsView } from './towns.js';
import { townView } from './town.js';
import { rigView } from './rig.js';
import { boardView } from './board.js';
import { escalationsView } from './escalations.js';
import { townSettingsView } from './settings.js';
import { townReviewsView } from './town-reviews.js';
import { convoysView, convoyView } from './convoys.js';

const routes = [
  [/^#?\/?$/, townsView],
  [/^#\/towns\/([^/]+)\/?$/, townView],
  [/^#\/towns\/([^/]+)\/board\/?$/, boardView],
  [/^#\/towns\/([^/]+)\/escalations\/?$/, escalationsView],
  [/^#\/towns\/([^/]+)\/settings\/?$/, townSettingsView],
  [/^#\/towns\/([^/]+)\/reviews\/?$/, townReviewsView],
  [/^#\/towns\/([^/]+)\/convoys\/?$/, convoysView],
  [/^#\/towns\/([^/]+)\/convoys\/([^/]+)\/?$/, convoyView],
  [/^#\/rigs\/([^/]+)\/?$/, rigView],
  [/^#\/rigs\/([^/]+)\/beads\/([^/]+)\/?$/, rigView],
  [/^#\/rigs\/([^/]+)\/reviews\/([^/]+)\/?$/, (main, [rigId, reviewId], ctx) => rigView(main, [rigId, null, reviewId], ctx)],
];

const main = document.getElementById('main');
const crumbs = document.getElementById('crumbs');
const session = document.getElementById('session');

let current = null;
let signingIn = false;
let me = null; // the signed-in user ({id}), asked once per token: "slung by you" rather than a user id

function whoAmI() {
  me ??= api.me().catch(() => { me = null; return null; });
  return me;
}

function makeContext() {
  const controller = new AbortController();
  const cleanups = [];
  return {
    signal: controller.signal,
    /** The signed-in user ({id}) or null. */
    me: whoAmI,
    /** Runs `task` now and every `ms` while the page is visible; returns {now()}. */
    poll: (task, ms) => every(ms, task, controller.signal),
    onDispose: cleanup => cleanups.push(cleanup),
    /** The document title and the breadcrumb trail after "Towns": [{label, href?}]. */
    setPage(title, trail) {
      document.title = `${title} · Gastown`;
      renderCrumbs(trail);
    },
    dispose() {
      controller.abort();
      for (const cleanup of cleanups.splice(0)) {
        try { cleanup(); } catch (error) { console.error(error); }
      }
    },
  };
}

function renderCrumbs(trail) {
  const items = [{ label: 'Towns', href: '#/' }, ...trail];
  crumbs.replaceChildren(h('ol', null, items.map((item, index) => {
    const last = index === items.length - 1;
    return h('li', null, last || !item.href
      ? h('span', { 'aria-current': last ? 'page' : null }, item.label)
      : h('a', { href: item.href }, item.label));
  })));
}

function renderSession() {
  if (!token.get()) {
    session.replaceChildren();
    return;
  }
  session.replaceChildren(
    h('button', { type: 'button', class: 'button small ghost', onclick: () => showSignIn() }, 'Change token'),
    h('button', {
      type: 'button', class: 'button small ghost', onclick: () => {
        token.clear();
        announce('Signed out');
        showSignIn('Signed out. The token was removed from this browser.');
      },
    }, 'Sign out'));
}

// Said once, loudly, for the whole page: a server without the town sandbox runs agents with its own files.
async function showSandboxWarning() {
  const warning = document.getElementById('sandbox-warning');
  const health = await api.health().catch(() => null);
  warning.hidden = health?.sandbox !== 'none';
  if (!warning.hidden) {
    warning.textContent = 'No sandbox: agents, review gates and git on their work run as the server\'s user and can read '
      + 'every town\'s files and the server\'s keys. Install bubblewrap before sharing this server.';
  }
}

function start() {
  current?.dispose();
  main.replaceChildren();
  current = makeContext();
  return current;
}

function route() {
  signingIn = false;
  const ctx = start();
  renderSession();
  if (!token.get()) {
    showSignIn();
    return;
  }
  const hash = location.hash || '#/';
  for (const [pattern, view] of routes) {
    const match = hash.match(pattern);
    if (!match) continue;
    let params;
    try { params = match.slice(1).map(decodeURIComponent); } catch { break; }
    view(main, params, ctx);
    return;
  }
  ctx.setPage('Not found', [{ label: 'Not found' }]);
  main.append(h('div', { class: 'page-head' }, h('h1', null, 'Nothing here')),
    h('p', null, 'This address is not part of the dashboard. ', h('a', { href: '#/' }, 'Go to your towns'), '.'));
}

/** Asks for a dashboard token (shown on first use, after "Sign out", and whenever the server answers 401). */
function showSignIn(message) {
  const ctx = start();
  signingIn = true;
  renderSession();
  ctx.setPage('Sign in', [{ label: 'Sign in' }]);
  const form = h('form', { class: 'stack' },
    field({
      label: 'API token', name: 'token', type: 'password', required: true,
      hint: 'The server prints “Admin token: gt_…” once, on its first start. '
        + 'An operator can issue more with “users add <name>” or “tokens add <name>”.',
      attrs: { autocomplete: 'off', spellcheck: 'false', placeholder: 'gt_…' },
    }),
    formError(),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'button primary' }, 'Sign in'),
      token.get() ? h('button', { type: 'button', class: 'button ghost', onclick: () => route() }, 'Cancel') : null));
  main.append(h('section', { class: 'panel sign-in', 'aria-labelledby': 'sign-in-heading' },
    h('h1', { id: 'sign-in-heading' }, 'Sign in to Gastown'),
    message ? h('p', { class: 'notice', role: 'alert' }, message) : null,
    h('p', { class: 'muted' }, 'The token stays in this browser (localStorage) and is sent as a Bearer token.'),
    form));
  const input = form.elements.token;
  input.focus();
  onSubmit(form, async data => {
    const previous = token.get();
    token.set(String(data.get('token') ?? '').trim());
    try {
      await api.me();
    } catch (error) {
      if (previous) token.set(previous); else token.clear();
      if (error.status === 401) throw new ApiError(400, { errors: { token: ['The server does not know this token.'] } });
      throw error;
    }
    me = null;
    announce('Signed in');
    route();
    main.focus();
  });
}

window.addEventListener('hashchange', () => {
  route();
  main.focus({ preventScroll: true });
});

window.addEventListener('gastown:unauthorized', () => {
  if (signingIn) return;
  token.clear();
  showSignIn('The server refused your token (it may have been revoked). Enter a valid one to continue.');
});

document.querySelector('.skip-link')?.addEventListener('click', event => {
  event.preventDefault();
  main.focus();
});

route();
showSandboxWarning();
