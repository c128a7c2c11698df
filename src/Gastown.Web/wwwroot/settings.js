// "#/towns/{id}/settings": rename, the town's agent settings (models, presets, endpoints, keys, environment
// variables, git credentials, polecat cap) and deleting the town. Secrets are write-only: the server reads them
// back as "****", which is never put into a field; an empty secret field leaves the stored value as it is.

import { api, ApiError } from './api.js';
import {
  h, announce, confirmDialog, field, formError, loadError, onSubmit, townTabs, describeError,
} from './dom.js';

const MASK = '****';
const PROVIDERS = [['anthropic', 'Anthropic'], ['openai', 'OpenAI'], ['gemini', 'Gemini']];
const ROLES = [['polecat', 'Polecats'], ['mayor', 'Mayor']];

export function townSettingsView(main, [townId], ctx) {
  const townHref = `#/towns/${encodeURIComponent(townId)}`;
  ctx.setPage('Settings', [{ label: 'Town', href: townHref }, { label: 'Settings' }]);
  const heading = h('h1', null, 'Town settings');
  const problem = loadError();

  // --- Rename ----------------------------------------------------------------------------------------------
  // Both forms stay hidden until the values they edit have arrived, so nothing typed is overwritten by the load.
  const renameForm = h('form', { class: 'stack', hidden: true },
    field({ label: 'Name', name: 'name', required: true, attrs: { autocomplete: 'off', maxlength: '64' } }),
    formError(),
    h('button', { type: 'submit', class: 'button primary' }, 'Rename'));

  // --- Agent settings --------------------------------------------------------------------------------------
  const secretHint = stored => (stored ? 'A secret is stored. Leave empty to keep it; type a new one to replace it.' : 'Not set.');
  const keyFields = new Map();
  const configForm = h('form', { class: 'stack config-form', hidden: true },
    h('fieldset', null, h('legend', null, 'Models and polecats'),
      field({ label: 'Default model', name: 'defaultModel', attrs: { autocomplete: 'off', spellcheck: 'false' } }),
      field({ label: 'Polecats per rig', name: 'maxPolecatsPerRig', type: 'number', hint: 'At most this many polecats work at once in each rig (1 to 20).', attrs: { min: '1', max: '20' } })),
    h('fieldset', null, h('legend', null, 'Agent presets'),
      ROLES.flatMap(([role, label]) => [
        field({ label: `${label}: preset`, name: `agents.${role}.preset`, attrs: { autocomplete: 'off', spellcheck: 'false' } }),
        field({ label: `${label}: model`, name: `agents.${role}.model`, attrs: { autocomplete: 'off', spellcheck: 'false' } }),
      ])),
    h('fieldset', null, h('legend', null, 'Model endpoints'),
      PROVIDERS.flatMap(([provider, label]) => {
        const key = field({ label: `${label} API key`, name: `endpoints.${provider}.apiKey`, type: 'password', hint: secretHint(false), attrs: { autocomplete: 'off' } });
        keyFields.set(provider, key);
        return [field({ label: `${label} base URL`, name: `endpoints.${provider}.baseUrl`, type: 'url', attrs: { autocomplete: 'off', spellcheck: 'false' } }), key];
      })),
    h('fieldset', null, h('legend', null, 'Environment of the agents'),
      field({
        label: 'Environment variables', name: 'envVars', multiline: true,
        hint: `One NAME=value a line. Stored values are secret and show as ${MASK}: keep the line to keep the value, remove it to remove the variable.`,
        attrs: { spellcheck: 'false', rows: '4' },
      })),
    h('fieldset', null, h('legend', null, 'Git credentials (private repositories over HTTPS)'),
      field({ label: 'Git username', name: 'git.username', attrs: { autocomplete: 'off', spellcheck: 'false' } }),
      field({ label: 'Git token', name: 'git.token', type: 'password', hint: secretHint(false), attrs: { autocomplete: 'off' } })),
    formError(),
    h('button', { type: 'submit', class: 'button primary' }, 'Save settings'));
  const configProblem = loadError();
  const savedNote = h('p', { class: 'muted', role: 'status' });

  // --- Delete ----------------------------------------------------------------------------------------------
  const deleteProblem = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const deleteButton = h('button', { type: 'button', class: 'button danger' }, 'Delete this town');

  main.append(
    h('div', { class: 'page-head' }, heading, townTabs(townId, 'settings'), problem.el),
    h('div', { class: 'grid grid-narrow-wide' },
      h('div', { class: 'stack' },
        h('section', { class: 'panel', 'aria-labelledby': 'rename-heading' },
          h('h2', { id: 'rename-heading' }, 'Name'), renameForm),
        h('section', { class: 'panel danger-zone', 'aria-labelledby': 'delete-heading' },
          h('h2', { id: 'delete-heading' }, 'Delete the town'),
          h('p', { class: 'muted' }, 'Stops every agent of the town and removes its rigs, their beads and workspaces. This cannot be undone.'),
          deleteButton, deleteProblem)),
      h('section', { class: 'panel', 'aria-labelledby': 'config-heading' },
        h('h2', { id: 'config-heading' }, 'Agent settings'), configProblem.el, configForm, savedNote)));

  let town = null;
  let stored = null; // the config as last read (secrets as "****")

  async function load() {
    try {
      town = await api.getTown(townId, { signal: ctx.signal });
      problem.show(null);
      heading.textContent = `${town.name}: settings`;
      renameForm.elements.name.value = town.name;
      renameForm.hidden = false;
      ctx.setPage(`Settings · ${town.name}`, [{ label: town.name, href: townHref }, { label: 'Settings' }]);
    } catch (error) {
      if (error.name !== 'AbortError') problem.show(error);
      return;
    }
    try {
      stored = await api.getTownConfig(townId, { signal: ctx.signal });
      configProblem.show(null);
      fill(stored);
      configForm.hidden = false;
    } catch (error) {
      if (error.name === 'AbortError') return;
      configProblem.show(error);
    }
  }

  const set = (name, value) => { const el = configForm.elements[name]; if (el) el.value = value ?? ''; };
  function fill(config) {
    set('defaultModel', config.defaultModel);
    set('maxPolecatsPerRig', config.maxPolecatsPerRig);
    for (const [role] of ROLES) {
      set(`agents.${role}.preset`, config.agents?.[role]?.preset);
      set(`agents.${role}.model`, config.agents?.[role]?.model);
    }
    for (const [provider] of PROVIDERS) {
      set(`endpoints.${provider}.baseUrl`, config.endpoints?.[provider]?.baseUrl);
      set(`endpoints.${provider}.apiKey`, ''); // write-only
      keyFields.get(provider).querySelector('.hint').textContent = secretHint(!!config.endpoints?.[provider]?.apiKey);
    }
    set('envVars', Object.entries(config.envVars ?? {}).map(([name, value]) => `${name}=${value === MASK ? MASK : value}`).join('\n'));
    set('git.username', config.git?.username);
    set('git.token', '');
    configForm.querySelector('[data-field="git.token"] .hint').textContent = secretHint(!!config.git?.token);
  }

  /** Only what the user changed goes to the server (absent = unchanged); empty secret fields are never sent. */
  function changes(data) {
    const text = name => String(data.get(name) ?? '').trim();
    const out = {};
    const changed = (name, old) => text(name) !== String(old ?? '');
    if (changed('defaultModel', stored?.defaultModel)) out.defaultModel = text('defaultModel') || null;
    if (changed('maxPolecatsPerRig', stored?.maxPolecatsPerRig)) {
      const number = Number(text('maxPolecatsPerRig'));
      if (!text('maxPolecatsPerRig') || !Number.isInteger(number)) {
        throw new ApiError(400, { errors: { maxPolecatsPerRig: ['Enter a whole number from 1 to 20.'] } });
      }
      out.maxPolecatsPerRig = number;
    }
    for (const [role] of ROLES) {
      const entry = {};
      for (const part of ['preset', 'model']) {
        const name = `agents.${role}.${part}`;
        if (changed(name, stored?.agents?.[role]?.[part])) entry[part] = text(name) || null;
      }
      if (Object.keys(entry).length) (out.agents ??= {})[role] = entry;
    }
    for (const [provider] of PROVIDERS) {
      const entry = {};
      const url = `endpoints.${provider}.baseUrl`;
      if (changed(url, stored?.endpoints?.[provider]?.baseUrl)) entry.baseUrl = text(url) || null;
      const key = String(data.get(`endpoints.${provider}.apiKey`) ?? '');
      if (key) entry.apiKey = key;
      if (Object.keys(entry).length) (out.endpoints ??= {})[provider] = entry;
    }
    const env = {};
    const lines = String(data.get('envVars') ?? '').split('\n').map(line => line.trim()).filter(Boolean);
    for (const line of lines) {
      const at = line.indexOf('=');
      if (at <= 0) throw new ApiError(400, { errors: { envVars: [`“${line}” is not NAME=value.`] } });
      env[line.slice(0, at).trim()] = line.slice(at + 1);
    }
    const before = stored?.envVars ?? {};
    const envChanges = {};
    for (const [name, value] of Object.entries(env)) if (before[name] !== value) envChanges[name] = value;
    for (const name of Object.keys(before)) if (!(name in env)) envChanges[name] = null;
    if (Object.keys(envChanges).length) out.envVars = envChanges;
    const git = {};
    if (changed('git.username', stored?.git?.username)) git.username = text('git.username') || null;
    const gitToken = String(data.get('git.token') ?? '');
    if (gitToken) git.token = gitToken;
    if (Object.keys(git).length) out.git = git;
    return out;
  }

  onSubmit(configForm, async data => {
    const body = changes(data);
    savedNote.textContent = '';
    if (!Object.keys(body).length) { savedNote.textContent = 'Nothing changed.'; return; }
    stored = await api.updateTownConfig(townId, body) ?? await api.getTownConfig(townId);
    fill(stored);
    savedNote.textContent = 'Settings saved.';
    announce('Town settings saved');
  });

  onSubmit(renameForm, async data => {
    const name = String(data.get('name') ?? '').trim();
    await api.updateTown(townId, { name });
    announce(`Town renamed to ${name}`);
    await load();
  });

  deleteButton.addEventListener('click', async () => {
    deleteProblem.hidden = true;
    const ok = await confirmDialog({
      title: `Delete ${town?.name ?? 'this town'}?`,
      message: 'Every agent stops, and its rigs, beads and workspaces are removed. This cannot be undone.',
      confirmLabel: 'Delete town',
    });
    if (!ok) return;
    try {
      await api.deleteTown(townId);
      announce('Town deleted');
      location.hash = '#/';
    } catch (error) {
      deleteProblem.textContent = describeError(error);
      deleteProblem.hidden = false;
    }
  });

  load();
}
