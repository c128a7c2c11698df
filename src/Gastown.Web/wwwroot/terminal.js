// A live, terminal-like view of one agent's output over the stream WebSocket.
// Every connection gets a fresh single-use ticket; events already shown (by sequence) are skipped on reconnect.

import { api } from './api.js';
import { h, announce, clockTime, describeError } from './dom.js';

const MAX_LINES = 5000;
const NORMAL_CLOSURE = 1000;
const POLICY_VIOLATION = 1008; // the server dropped us: we read too slowly
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

let terminalCount = 0;

/**
 * The stream address on this page's own origin. The server builds `url` from its public base URL, which without
 * configuration is its bound address (e.g. 127.0.0.1 for a wildcard binding); the browser already reached the
 * server at location.host, through any proxy, so only the path and the ticket are taken from `url`.
 */
function socketAddress(url) {
  const target = new URL(url, location.href);
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${target.pathname}${target.search}`;
}

/**
 * Opens a live view of an agent. Returns {el, agentId, focus(), close()}; put `el` in the page.
 * `onClose` runs when the user closes it (not when the socket closes).
 */
export function openTerminal({ townId, agentId, title, onClose }) {
  const headingId = `terminal-${++terminalCount}`;
  let socket = null;
  let disposed = false;
  let lastSequence = 0;

  const state = h('span', { class: 'terminal-state', role: 'status', 'data-state': 'connecting' }, 'Connecting…');
  const follow = h('input', { type: 'checkbox', checked: true });
  const reconnectButton = h('button', { type: 'button', class: 'button small', hidden: true, onclick: () => connect() }, 'Reconnect');
  const log = h('div', {
    class: 'terminal-log', role: 'log', 'aria-live': 'off', tabindex: '0', 'aria-labelledby': headingId,
  });
  const el = h('section', { class: 'terminal', 'aria-labelledby': headingId },
    h('div', { class: 'terminal-bar' },
      h('h3', { id: headingId }, title),
      state,
      h('div', { class: 'terminal-actions' },
        h('label', { class: 'check' }, follow, ' Follow'),
        reconnectButton,
        h('button', { type: 'button', class: 'button small ghost', onclick: () => { log.replaceChildren(); } }, 'Clear'),
        h('button', { type: 'button', class: 'button small ghost', 'aria-label': `Close ${title}`, onclick: () => close() }, 'Close'))),
    log);

  // Follow the tail while the reader is at the bottom. Scrolling up (wheel, keys, dragging the scrollbar) pauses
  // it; reaching the bottom again resumes it. Lines arriving or a resize never count as the reader scrolling.
  const atBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight < 24;
  let dragging = false;
  log.addEventListener('wheel', event => { if (event.deltaY < 0 && log.scrollTop > 0) follow.checked = false; }, { passive: true });
  log.addEventListener('keydown', event => {
    if (['ArrowUp', 'PageUp', 'Home'].includes(event.key)) follow.checked = false;
  });
  log.addEventListener('pointerdown', () => { dragging = true; });
  const stopDragging = () => { dragging = false; };
  window.addEventListener('pointerup', stopDragging);
  log.addEventListener('scroll', () => {
    if (atBottom()) follow.checked = true;
    else if (dragging) follow.checked = false;
  });
  follow.addEventListener('change', () => { if (follow.checked) log.scrollTop = log.scrollHeight; });
  const resized = new ResizeObserver(() => { if (follow.checked) log.scrollTop = log.scrollHeight; });
  resized.observe(log);

  function setState(name, text) {
    state.dataset.state = name;
    state.textContent = text;
  }

  function addLine(className, time, text) {
    const line = h('div', { class: `line ${className}` },
      time ? h('time', { class: 'line-time', datetime: time }, clockTime(time)) : h('span', { class: 'line-time' }),
      h('span', { class: 'line-text' }, text));
    log.append(line);
    while (log.childElementCount > MAX_LINES) log.firstElementChild.remove();
    if (follow.checked) log.scrollTop = log.scrollHeight;
  }

  const note = text => addLine('line-note', new Date().toISOString(), text);

  function receive(event) {
    if (typeof event.sequence === 'number') {
      if (event.sequence <= lastSequence) return; // history we already showed before a reconnect
      if (lastSequence > 0 && event.sequence > lastSequence + 1)
        note(`… ${event.sequence - lastSequence - 1} event(s) no longer buffered were skipped`);
      lastSequence = event.sequence;
    }
    const text = String(event.text ?? '').replace(ANSI, '');
    const kind = event.kind === 'status' ? 'line-status'
      : event.stream === 'stderr' || event.kind === 'error' || (event.kind === 'tool_result' && event.detail?.ok === 'false') ? 'line-stderr'
      : 'line-stdout';
    // A real CLI's JSON stream arrives parsed (text, tool_call, tool_result, error, usage): a readable transcript.
    const marks = { status: '● ', tool_call: '→ ', tool_result: '← ', usage: 'Σ ', error: '✗ ' };
    addLine(kind, event.at, `${marks[event.kind] ?? ''}${text}`);
  }

  async function connect() {
    if (socket || disposed) return;
    reconnectButton.hidden = true;
    setState('connecting', 'Connecting…');
    let info;
    try {
      info = await api.streamUrl(townId, agentId);
    } catch (error) {
      if (disposed) return;
      setState('closed', 'Could not connect');
      note(`Could not get a stream ticket: ${describeError(error)}`);
      reconnectButton.hidden = false;
      return;
    }
    if (disposed) return;

    let opened = false;
    const ws = new WebSocket(socketAddress(info.url));
    socket = ws;
    ws.addEventListener('open', () => {
      opened = true;
      setState('live', 'Live');
      announce(`Watching ${title}`);
    });
    ws.addEventListener('message', message => {
      try { receive(JSON.parse(message.data)); } catch { /* not an event: ignore */ }
    });
    ws.addEventListener('close', closeEvent => {
      if (socket !== ws) return;
      socket = null;
      if (disposed) return;
      const reason = closeEvent.reason ? ` (${closeEvent.reason})` : '';
      if (closeEvent.code === NORMAL_CLOSURE) {
        setState('ended', 'Ended');
        note('Agent process ended.');
        reconnectButton.textContent = 'Reconnect';
      } else if (closeEvent.code === POLICY_VIOLATION) {
        setState('closed', 'Disconnected: too slow');
        note(`Disconnected: this view fell behind the agent's output${reason}. Reconnect to catch up.`);
        reconnectButton.textContent = 'Reconnect to catch up';
      } else if (!opened) {
        setState('closed', 'Could not connect');
        note('The stream could not be opened (the ticket was refused, or the server is unreachable).');
        reconnectButton.textContent = 'Try again';
      } else {
        setState('closed', 'Disconnected');
        note(`Connection lost (code ${closeEvent.code})${reason}.`);
        reconnectButton.textContent = 'Reconnect';
      }
      announce(`${title}: ${state.textContent}`);
      reconnectButton.hidden = false;
    });
  }

  function close() {
    if (disposed) return;
    disposed = true;
    const ws = socket;
    socket = null;
    if (ws && ws.readyState <= WebSocket.OPEN) ws.close(NORMAL_CLOSURE, 'viewer closed');
    resized.disconnect();
    window.removeEventListener('pointerup', stopDragging);
    el.remove();
    onClose?.();
  }

  connect();
  return { el, agentId, focus: () => log.focus(), close };
}
