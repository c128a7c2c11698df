// A bead's past runs beside the live view: each finished run (agent, generation, when, exit code, usage) and, on
// request, its stored transcript, read the way the live view reads its stream.

import { api } from './api.js';
import { h, loadError, timeEl, formatUsage } from './dom.js';
import { transcriptLine } from './terminal.js';

const PAGE = 200;

export function mountRuns(rigId) {
  const list = h('ol', { class: 'runs' });
  const empty = h('p', { class: 'muted small' }, 'No finished run yet.');
  const problem = loadError();
  const el = h('section', { class: 'bead-runs', 'aria-labelledby': 'runs-heading' },
    h('h3', { id: 'runs-heading' }, 'Past runs'), problem.el, empty, list);
  let beadId = null;
  let shown = '';

  async function show(id, signal) {
    if (id !== beadId) {
      beadId = id;
      shown = '';
      list.replaceChildren();
    }
    if (!id) return;
    try {
      const runs = await api.beadRuns(rigId, id, { signal });
      problem.show(null);
      if (id !== beadId) return;
      const key = runs.map(run => run.id).join(',');
      empty.hidden = runs.length > 0;
      if (key === shown) return;
      shown = key;
      list.replaceChildren(...runs.map(run => runItem(id, run)));
    } catch (error) {
      if (error.name !== 'AbortError') problem.show(error);
    }
  }

  function runItem(forBead, run) {
    const transcript = h('div', { class: 'terminal terminal-log run-transcript', role: 'log', tabindex: '0', 'aria-label': `Transcript of run ${run.generation}`, hidden: true });
    const more = h('button', { type: 'button', class: 'button small', hidden: true }, 'More');
    const runProblem = loadError();
    let next = 0;
    const load = async () => {
      try {
        const page = await api.runTranscript(rigId, forBead, run.id, { after: next, limit: PAGE });
        runProblem.show(null);
        for (const entry of page.entries) {
          const [className, text] = entry.kind === 'dropped' ? ['line-status', `… ${entry.text}`] : transcriptLine(entry, entry.text ?? '');
          transcript.append(h('div', { class: `line ${className}`, 'data-kind': entry.kind },
            h('time', { class: 'line-time', datetime: entry.at }, new Date(entry.at).toLocaleTimeString()), h('span', { class: 'line-text' }, text)));
        }
        next = page.nextAfter ?? next;
        more.hidden = page.nextAfter == null;
      } catch (error) {
        runProblem.show(error);
      }
    };
    more.addEventListener('click', load);
    const toggle = h('button', { type: 'button', class: 'button small', 'aria-expanded': 'false' }, 'Show transcript');
    toggle.addEventListener('click', async () => {
      const open = transcript.hidden;
      transcript.hidden = !open;
      toggle.setAttribute('aria-expanded', String(open));
      toggle.textContent = open ? 'Hide transcript' : 'Show transcript';
      if (open && transcript.childElementCount === 0) await load();
    });
    // A run without an end is still going, or was cut off when the server was killed (its transcript up to its last write).
    const exit = run.status === 'running' ? 'running'
      : run.status === 'interrupted' ? 'interrupted (the server stopped while it ran)'
      : run.exitCode == null ? 'no exit code' : `exit ${run.exitCode}`;
    const dropped = run.droppedEntries ? ` · ${run.droppedEntries} early entries dropped` : '';
    return h('li', { class: 'run', 'data-run': run.id },
      h('div', { class: 'run-line' },
        h('span', { class: 'agent-name' }, run.agentName), ` · run ${run.generation} · `, timeEl(run.startedAt), ` · ${exit}`,
        run.usage ? ` · ${formatUsage(run.usage)}` : '', dropped, ' ', toggle),
      runProblem.el, transcript, more);
  }

  return { el, show };
}
