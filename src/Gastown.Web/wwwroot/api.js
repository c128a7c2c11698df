// The JSON API, with the dashboard token from localStorage. Every failure becomes an ApiError carrying the
// problem details ({title, status, detail, errors}); a 401 also raises "gastown:unauthorized" on window.

const TOKEN_KEY = 'gastown.token';

export const token = {
  get: () => localStorage.getItem(TOKEN_KEY) ?? '',
  set: value => localStorage.setItem(TOKEN_KEY, value),
  clear: () => localStorage.removeItem(TOKEN_KEY),
};

export class ApiError extends Error {
  constructor(status, problem = {}) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.title = problem.title ?? '';
    this.detail = problem.detail ?? '';
    this.errors = problem.errors ?? {};
    // No problem details at all on a 404/405: the server has no such route (an older server), not a missing thing.
    this.missingRoute = (status === 404 || status === 405) && !problem.title && !problem.detail;
  }
}

export async function request(path, { method = 'GET', body, signal } = {}) {
  const headers = { Accept: 'application/json' };
  const bearer = token.get();
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  let response;
  try {
    response = await fetch(path, {
      method, headers, signal, cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, { title: 'Cannot reach the server.' });
  }

  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!response.ok) {
    if (response.status === 401) window.dispatchEvent(new CustomEvent('gastown:unauthorized'));
    const problem = data && typeof data === 'object' ? data : {};
    throw new ApiError(response.status, problem);
  }
  return { data, headers: response.headers };
}

const get = async (path, opts) => (await request(path, opts)).data;
const post = async (path, body, opts) => (await request(path, { ...opts, method: 'POST', body })).data;
const patch = async (path, body, opts) => (await request(path, { ...opts, method: 'PATCH', body })).data;
const del = async (path, opts) => (await request(path, { ...opts, method: 'DELETE' })).data;
const id = value => encodeURIComponent(value);

export const api = {
  me: opts => get('/api/me', opts),
  health: opts => get('/health', opts),

  listTowns: opts => get('/api/towns', opts),
  createTown: name => post('/api/towns', { name }),
  getTown: (townId, opts) => get(`/api/towns/${id(townId)}`, opts),
  createRig: (townId, { name, gitUrl, defaultBranch }) =>
    post(`/api/towns/${id(townId)}/rigs`, { name, gitUrl, defaultBranch: defaultBranch || null }),

  getRig: (rigId, opts) => get(`/api/rigs/${id(rigId)}`, opts),
  listAgents: (rigId, opts) => get(`/api/rigs/${id(rigId)}/agents`, opts),
  /** One page of beads, newest first; `next` is the cursor of the following page, or null. */
  async listBeads(rigId, { status, limit, cursor } = {}, opts) {
    const query = new URLSearchParams();
    if (status) query.set('status', status);
    if (limit) query.set('limit', String(limit));
    if (cursor) query.set('cursor', cursor);
    const { data, headers } = await request(`/api/rigs/${id(rigId)}/beads?${query}`, opts);
    return { items: data ?? [], next: headers.get('X-Next-Cursor') || null };
  },
  beadEvents: (rigId, beadId, opts) => get(`/api/rigs/${id(rigId)}/beads/${id(beadId)}/events`, opts),
  beadRuns: (rigId, beadId, opts) => get(`/api/rigs/${id(rigId)}/beads/${id(beadId)}/runs`, opts),
  runTranscript: (rigId, beadId, runId, { after = 0, limit = 200 } = {}, opts) =>
    get(`/api/rigs/${id(rigId)}/beads/${id(beadId)}/runs/${id(runId)}/transcript?after=${after}&limit=${limit}`, opts),
  sling: (rigId, { title, body }) => post(`/api/rigs/${id(rigId)}/sling`, { title, body: body || null }),

  sendMessage: (townId, message) => post(`/api/towns/${id(townId)}/messages`, { message }),
  getMayor: (townId, opts) => get(`/api/towns/${id(townId)}/mayor`, opts),
  /** A fresh single-use ticket: {url, ticket, expiresAt}. Ask for a new one for every connection. */
  streamUrl: (townId, agentId) => get(`/api/towns/${id(townId)}/agents/${id(agentId)}/stream-url`),

  // Management (issue 11's routes, exactly). On a server without them these answer 404/405 (error.missingRoute).
  updateTown: (townId, changes) => patch(`/api/towns/${id(townId)}`, changes),
  deleteTown: townId => del(`/api/towns/${id(townId)}`),
  getTownConfig: (townId, opts) => get(`/api/towns/${id(townId)}/config`, opts),
  updateTownConfig: (townId, changes) => patch(`/api/towns/${id(townId)}/config`, changes),
  listRigs: (townId, opts) => get(`/api/towns/${id(townId)}/rigs`, opts),
  updateRig: (rigId, changes) => patch(`/api/rigs/${id(rigId)}`, changes),
  deleteRig: rigId => del(`/api/rigs/${id(rigId)}`),
  updateBead: (rigId, beadId, changes) => patch(`/api/rigs/${id(rigId)}/beads/${id(beadId)}`, changes),
  deleteBead: (rigId, beadId) => del(`/api/rigs/${id(rigId)}/beads/${id(beadId)}`),
  cancelBead: (rigId, beadId) => post(`/api/rigs/${id(rigId)}/beads/${id(beadId)}/cancel`, {}),
  retryBead: (rigId, beadId) => post(`/api/rigs/${id(rigId)}/beads/${id(beadId)}/retry`, {}),
  holdBead: (rigId, beadId) => post(`/api/rigs/${id(rigId)}/beads/${id(beadId)}/hold`, {}),
  releaseBead: (rigId, beadId) => post(`/api/rigs/${id(rigId)}/beads/${id(beadId)}/release`, {}),
  resetAgent: (rigId, agentId) => post(`/api/rigs/${id(rigId)}/agents/${id(agentId)}/reset`, {}),
  nudgeAgent: (rigId, agentId, message) => post(`/api/rigs/${id(rigId)}/agents/${id(agentId)}/nudge`, { message }),
  deleteAgent: (rigId, agentId) => del(`/api/rigs/${id(rigId)}/agents/${id(agentId)}`),
  townEvents: (townId, { since, limit } = {}, opts) => {
    const query = new URLSearchParams();
    if (since) query.set('since', since);
    if (limit) query.set('limit', String(limit));
    return get(`/api/towns/${id(townId)}/events?${query}`, opts);
  },
  // Convoys (issue 23).
  listConvoys: (townId, status, opts) =>
    get(`/api/towns/${id(townId)}/convoys${status ? `?status=${encodeURIComponent(status)}` : ''}`, opts),
  getConvoy: (townId, convoyId, opts) => get(`/api/towns/${id(townId)}/convoys/${id(convoyId)}`, opts),
  createConvoy: (townId, body) => post(`/api/towns/${id(townId)}/convoys`, body),
  startConvoy: (townId, convoyId) => post(`/api/towns/${id(townId)}/convoys/${id(convoyId)}/start`, {}),
  closeConvoy: (townId, convoyId) => post(`/api/towns/${id(townId)}/convoys/${id(convoyId)}/close`, {}),
  alarmStatus: (rigId, opts) => get(`/api/rigs/${id(rigId)}/alarm`, opts),
};
