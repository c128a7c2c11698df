// Small DOM helpers. Text from the API only ever goes in as text nodes or attribute values, never as HTML.

/** h('a', {href, class, onclick}, 'text', child) — strings become text nodes; null/false props and children are skipped. */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value == null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  el.append(...children.flat(Infinity).filter(child => child != null && child !== false));
  return el;
}

const announcer = () => document.getElementById('announcer');

/** Tells screen readers (and nobody else) about something that happened. */
export function announce(message) {
  const region = announcer();
  if (!region) return;
  region.textContent = '';
  setTimeout(() => { region.textContent = message; }, 50);
}

/** in_progress → "in progress" */
export const words = value => String(value ?? '').replaceAll('_', ' ');

export const shortId = value => (value ? String(value).slice(0, 8) : '');

/** A coloured status pill; CSS picks the colour from data-value (e.g. .badge[data-value="working"]). */
export function badge(value, group = '') {
  return h('span', { class: 'badge', 'data-group': group, 'data-value': value ?? '' }, words(value));
}

export function setBadge(el, value) {
  el.dataset.value = value ?? '';
  el.textContent = words(value);
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'narrow' });

export function timeAgo(iso) {
  if (!iso) return '—';
  const seconds = Math.round((Date.parse(iso) - Date.now()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return relative.format(seconds, 'second');
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return relative.format(Math.round(seconds / 3600), 'hour');
  return new Date(iso).toLocaleDateString();
}

/** <time> with a relative label and the full date on hover. */
export function timeEl(iso) {
  const el = h('time');
  setTime(el, iso);
  return el;
}

export function setTime(el, iso) {
  el.textContent = timeAgo(iso);
  if (iso) {
    el.dateTime = iso;
    el.title = new Date(iso).toLocaleString();
  } else {
    el.removeAttribute('datetime');
    el.removeAttribute('title');
  }
}

export const clockTime = iso => (iso ? new Date(iso).toLocaleTimeString(undefined, { hour12: false }) : '');

/** A short human sentence for any error (ApiError or otherwise). */
export function describeError(error) {
  if (!error) return 'Something went wrong.';
  if (error.name !== 'ApiError') return error.message || String(error);
  if (error.missingRoute) return 'This server does not offer this yet (it needs the town and rig management update).';
  switch (error.status) {
    case 0: return 'Cannot reach the server. Is it running?';
    case 401: return 'The server refused your token. Enter a valid one.';
    case 404: return error.detail || 'Not found (or not yours).';
    case 400: {
      const messages = Object.values(error.errors ?? {}).flat();
      if (messages.length) return messages.join(' ');
    }
  }
  return [error.title, error.detail].filter(Boolean).join(': ') || `HTTP ${error.status}`;
}

let fieldCount = 0;

/** A labelled input (or textarea/select) with room for a hint and its API field error. `name` is the API field name. */
export function field({ label, name, type = 'text', required = false, hint, multiline = false, options, attrs = {} }) {
  const id = `field-${++fieldCount}-${name}`;
  const hintEl = hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null;
  const errorEl = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const common = { id, name, required, 'aria-describedby': hintEl?.id, ...attrs };
  const control = options
    ? h('select', common, options.map(([value, text]) => h('option', { value }, text)))
    : multiline
      ? h('textarea', { rows: 3, ...common })
      : h('input', { type, ...common });
  return h('div', { class: 'field', 'data-field': name },
    h('label', { for: id }, label, required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null),
    control, hintEl, errorEl);
}

/** The form-level error line every form carries (for errors that belong to no field). */
export const formError = () => h('p', { class: 'form-error', role: 'alert', hidden: true });

export function clearFormErrors(form) {
  for (const wrap of form.querySelectorAll('[data-field]')) {
    const errorEl = wrap.querySelector('.field-error');
    const control = wrap.querySelector('input, textarea, select');
    errorEl.hidden = true;
    errorEl.textContent = '';
    control.removeAttribute('aria-invalid');
    const ids = (control.getAttribute('aria-describedby') ?? '').split(' ').filter(x => x && x !== errorEl.id);
    if (ids.length) control.setAttribute('aria-describedby', ids.join(' '));
    else control.removeAttribute('aria-describedby');
  }
  const box = form.querySelector('.form-error');
  if (box) { box.hidden = true; box.textContent = ''; }
}

/** Puts each 400 field error next to its field (matched by API name), the rest in the form's error line. */
export function showFormErrors(form, error) {
  clearFormErrors(form);
  const general = [];
  let first = null;
  const fieldErrors = error?.name === 'ApiError' && error.status === 400 ? Object.entries(error.errors ?? {}) : [];
  for (const [key, messages] of fieldErrors) {
    const text = [].concat(messages).join(' ');
    const wrap = [...form.querySelectorAll('[data-field]')]
      .find(candidate => candidate.dataset.field.toLowerCase() === key.toLowerCase());
    if (!wrap) { general.push(text); continue; }
    const control = wrap.querySelector('input, textarea, select');
    const errorEl = wrap.querySelector('.field-error');
    errorEl.textContent = text;
    errorEl.hidden = false;
    control.setAttribute('aria-invalid', 'true');
    control.setAttribute('aria-describedby', [control.getAttribute('aria-describedby'), errorEl.id].filter(Boolean).join(' '));
    first ??= control;
  }
  if (!fieldErrors.length) general.push(describeError(error));
  const box = form.querySelector('.form-error');
  if (box && general.length) {
    box.textContent = general.join(' ');
    box.hidden = false;
  }
  first?.focus();
}

/**
 * Runs `action(formData)` on submit, at most once at a time, and shows what went wrong on the form.
 * The submit button is marked aria-disabled rather than disabled, so keyboard focus stays where it was.
 */
export function onSubmit(form, action) {
  form.addEventListener('submit', async event => {
    event.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    const button = form.querySelector('[type="submit"]');
    clearFormErrors(form);
    form.setAttribute('aria-busy', 'true');
    button?.setAttribute('aria-disabled', 'true');
    try {
      await action(new FormData(form));
    } catch (error) {
      if (error?.name !== 'AbortError') showFormErrors(form, error);
    } finally {
      form.removeAttribute('aria-busy');
      button?.removeAttribute('aria-disabled');
    }
  });
}

const rows = new WeakMap();

/**
 * Keeps `container`'s children in step with `items` by key, reusing existing elements (so focus and scroll
 * survive a refresh). `build()` returns {el, set(item)}; set is called on every refresh.
 */
export function syncKeyed(container, items, keyOf, build) {
  const existing = new Map();
  for (const child of container.children) if (child.dataset.key) existing.set(child.dataset.key, child);
  let previous = null;
  for (const item of items) {
    const key = String(keyOf(item));
    let el = existing.get(key);
    if (el) existing.delete(key);
    else {
      const row = build();
      el = row.el;
      el.dataset.key = key;
      rows.set(el, row);
    }
    rows.get(el).set(item);
    const expected = previous ? previous.nextElementSibling : container.firstElementChild;
    if (el !== expected) container.insertBefore(el, expected);
    previous = el;
  }
  for (const el of existing.values()) el.remove();
}

/**
 * Calls `task` now and then every `ms` while the page is visible, never two at once, until `signal` aborts.
 * Returns {now()} to refresh at once (e.g. after a form changed something).
 */
export function every(ms, task, signal) {
  let timer = null;
  let running = false;
  let again = false;
  const schedule = () => {
    if (!signal.aborted && !document.hidden) timer = setTimeout(tick, again ? 0 : ms);
    again = false;
  };
  async function tick() {
    timer = null;
    if (signal.aborted || document.hidden) return;
    running = true;
    try {
      await task();
    } catch (error) {
      if (error?.name !== 'AbortError') console.error(error);
    } finally {
      running = false;
    }
    schedule();
  }
  const now = () => {
    if (running) { again = true; return; }
    clearTimeout(timer);
    tick();
  };
  const onVisibility = () => {
    if (document.hidden) { clearTimeout(timer); timer = null; }
    else if (!running && timer === null) tick();
  };
  document.addEventListener('visibilitychange', onVisibility);
  signal.addEventListener('abort', () => {
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisibility);
  });
  tick();
  return { now };
}

/** A visible problem line for a section that failed to load; `show(error)` / `show(null)` to toggle. */
export function loadError() {
  const el = h('p', { class: 'load-error', role: 'alert', hidden: true });
  return {
    el,
    show(error) {
      el.hidden = !error;
      el.textContent = error ? describeError(error) : '';
    },
  };
}

/** Tokens and cost of a bead's `usage` ({inputTokens, outputTokens, cachedTokens, costUsd}), or of a sum of them. */
export function formatUsage(usage) {
  if (!usage) return '—';
  const count = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
  const parts = [`${count.format(usage.inputTokens ?? 0)} in`, `${count.format(usage.outputTokens ?? 0)} out`];
  if (usage.cachedTokens) parts.push(`${count.format(usage.cachedTokens)} cached`);
  if (usage.costUsd != null) parts.push(`$${Number(usage.costUsd).toFixed(usage.costUsd < 1 ? 4 : 2)}`);
  return parts.join(' · ');
}

/** The sum of the `usage` of these beads, or null when none has any (a server without usage). */
export function sumUsage(beads) {
  let total = null;
  for (const bead of beads) {
    const u = bead.usage;
    if (!u) continue;
    total ??= { inputTokens: 0, outputTokens: 0, cachedTokens: 0, costUsd: 0 };
    total.inputTokens += u.inputTokens ?? 0;
    total.outputTokens += u.outputTokens ?? 0;
    total.cachedTokens += u.cachedTokens ?? 0;
    total.costUsd += u.costUsd ?? 0;
  }
  return total;
}

let dialogCount = 0;

/** A modal yes/no question (a native <dialog>: focus is trapped and Escape answers no). Resolves true on yes. */
export function confirmDialog({ title, message, confirmLabel = 'Confirm', danger = true }) {
  return new Promise(resolve => {
    const headingId = `dialog-${++dialogCount}`;
    const yes = h('button', { type: 'button', class: `button ${danger ? 'danger' : 'primary'}` }, confirmLabel);
    const no = h('button', { type: 'button', class: 'button ghost' }, 'Cancel');
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': headingId },
      h('h2', { id: headingId }, title), h('p', null, message), h('div', { class: 'actions' }, yes, no));
    const opener = document.activeElement;
    const finish = answer => {
      dialog.close();
      dialog.remove();
      if (opener?.isConnected) opener.focus();
      resolve(answer);
    };
    yes.addEventListener('click', () => finish(true));
    no.addEventListener('click', () => finish(false));
    dialog.addEventListener('cancel', event => { event.preventDefault(); finish(false); });
    document.body.append(dialog);
    dialog.showModal();
    no.focus();
  });
}

/** A button that runs `action` once at a time and shows its problem details in `problemEl` (role=alert). */
export function actionButton(label, action, { className = 'button small', problemEl, attrs = {} } = {}) {
  const button = h('button', { type: 'button', class: className, ...attrs }, label);
  button.addEventListener('click', async () => {
    if (button.getAttribute('aria-disabled') === 'true') return;
    button.setAttribute('aria-disabled', 'true');
    if (problemEl) { problemEl.hidden = true; problemEl.textContent = ''; }
    try {
      await action();
    } catch (error) {
      if (error?.name === 'AbortError') return;
      if (problemEl) { problemEl.textContent = describeError(error); problemEl.hidden = false; }
      else console.error(error);
    } finally {
      button.removeAttribute('aria-disabled');
    }
  });
  return button;
}

/** The tabs of a town's pages, as links (each page is its own address). */
export function townTabs(townId, current) {
  const base = `#/towns/${encodeURIComponent(townId)}`;
  const tabs = [['overview', 'Overview', base], ['board', 'Board', `${base}/board`], ['convoys', 'Convoys', `${base}/convoys`],
    ['escalations', 'Escalations', `${base}/escalations`], ['reviews', 'Reviews', `${base}/reviews`],
    ['settings', 'Settings', `${base}/settings`]];
  return h('nav', { class: 'tabs', 'aria-label': 'Town' },
    h('ul', null, tabs.map(([key, label, href]) =>
      h('li', null, h('a', { href, 'aria-current': key === current ? 'page' : null }, label)))));
}
