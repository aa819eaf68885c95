// The pages' only door to the server: every read carries the page's ledger time, every write the reviewer's key.

export const LEDGER_AS_OF = 'ledger-as-of';
const KEY_STORAGE = 'factledger.apiKey';

/** A problem-details answer (RFC 9457) or a failure to reach the server. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem ?? {};
  }

  get title() { return this.problem.title ?? (this.status === 0 ? 'The server could not be reached' : `HTTP ${this.status}`); }

  get detail() { return this.problem.detail ?? null; }

  /** Field errors as [field, message] pairs. */
  get fieldErrors() {
    const errors = this.problem.errors;
    if (!errors || typeof errors !== 'object') return [];
    return Object.entries(errors).flatMap(([field, messages]) =>
      (Array.isArray(messages) ? messages : [messages]).map(message => [field, String(message)]));
  }
}

/** The ledger time the page shows (a feed sequence or an ISO timestamp), or null for now. */
export function ledgerAsOf() {
  const value = new URLSearchParams(location.search).get(LEDGER_AS_OF);
  return value && value.trim() ? value.trim() : null;
}

/** A page link that keeps the current ledger time. */
export function pageUrl(page, params = {}, { keepLedgerTime = true } = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') query.set(name, value);
  }
  const asOf = ledgerAsOf();
  if (keepLedgerTime && asOf) query.set(LEDGER_AS_OF, asOf);
  const [path, hash] = page.split('#');
  const text = query.toString();
  return `${path}${text ? `?${text}` : ''}${hash ? `#${hash}` : ''}`;
}

export const claimPage = id => pageUrl('claim.html', { id });
export const sourcePage = id => pageUrl('source.html', { id });
export const metricPage = (platform, metric) => pageUrl('metric.html', { platform, metric });

export function apiKey() {
  try { return sessionStorage.getItem(KEY_STORAGE); } catch { return null; }
}

export function setApiKey(key) { sessionStorage.setItem(KEY_STORAGE, key); }

export function forgetApiKey() { sessionStorage.removeItem(KEY_STORAGE); }

async function send(url, init) {
  let response;
  try {
    response = await fetch(url, init);
  } catch (failure) {
    throw new ApiError(0, { title: 'The server could not be reached', detail: String(failure?.message ?? failure) });
  }
  const type = response.headers.get('Content-Type') ?? '';
  const body = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    throw new ApiError(response.status, body ?? { title: `HTTP ${response.status} ${response.statusText}` });
  }
  return { data: body, etag: response.headers.get('ETag'), status: response.status, next: nextLink(response.headers.get('Link')) };
}

/** The target of an RFC 8288 Link header's rel="next", or null. */
function nextLink(header) {
  if (!header) return null;
  for (const part of header.split(',')) {
    const match = /^\s*<([^>]*)>\s*;\s*rel="?next"?\s*$/i.exec(part);
    if (match) return match[1];
  }
  return null;
}

/**
 * GET an API path. The page's ledger time is added unless withLedgerTime is false (for the few reads that only
 * know the present, such as the catalog and the event feed).
 */
export async function getJson(path, { params = {}, withLedgerTime = true } = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined) query.set(name, value);
  }
  const asOf = ledgerAsOf();
  if (withLedgerTime && asOf) query.set(LEDGER_AS_OF, asOf);
  const text = query.toString();
  return send(text ? `${path}?${text}` : path, { headers: { Accept: 'application/json' } });
}

/**
 * GET a paged list whole: the first page as getJson would, then every page its Link rel="next" headers point to
 * (those URLs already carry the ledger time and the page size).
 */
export async function getAllPages(path, options = {}) {
  let page = await getJson(path, options);
  const items = [...page.data];
  while (page.next) {
    page = await send(page.next, { headers: { Accept: 'application/json' } });
    items.push(...page.data);
  }
  return items;
}

/** POST a JSON body with the session's API key and, for existing streams, If-Match on the version read. */
export function postJson(path, body, { ifMatchVersion = null } = {}) {
  const headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
  const key = apiKey();
  if (key) headers['X-Api-Key'] = key;
  if (ifMatchVersion !== null) headers['If-Match'] = `"${ifMatchVersion}"`;
  return send(path, { method: 'POST', headers, body: JSON.stringify(body) });
}

export const claimApi = (id, suffix = '') => `/api/claims/${encodeURIComponent(id)}${suffix}`;
export const sourceApi = id => `/api/sources/${encodeURIComponent(id)}`;
