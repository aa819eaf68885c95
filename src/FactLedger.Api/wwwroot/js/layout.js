// What every page shares: the header's ledger-time control and banner, links that keep the ledger time, the
// catalog's names, and how an API error is shown.

import { ApiError, LEDGER_AS_OF, getJson, ledgerAsOf, pageUrl } from './api.js';
import { el, replaceChildren } from './dom.js';
import { humanize } from './format.js';

const ZONED = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short',
});
const IS_SEQUENCE = /^\d+$/;

/** Fills the header of the page and answers whether the page shows a past ledger time. */
export function initLayout() {
  for (const link of document.querySelectorAll('[data-keep-ledger-time]')) {
    link.href = pageUrl(link.getAttribute('data-keep-ledger-time'));
  }
  const control = document.getElementById('ledger-time');
  if (control) renderLedgerTimeControl(control);
  const banner = document.getElementById('ledger-banner');
  if (banner) renderBanner(banner);
  return { asOf: ledgerAsOf() };
}

function urlWithLedgerTime(value) {
  const url = new URL(location.href);
  if (value === null) url.searchParams.delete(LEDGER_AS_OF);
  else url.searchParams.set(LEDGER_AS_OF, value);
  return url.pathname + url.search + url.hash;
}

export const nowUrl = () => urlWithLedgerTime(null);

function toLocalInput(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 19);
}

/** The feed head (last sealed sequence) and the event at a sequence; both from the public feed. */
async function feedFacts(sequence) {
  const head = (await getJson('/api/events', { params: { after: '999999999999999', limit: 1 }, withLedgerTime: false })).data.head;
  if (sequence === null) return { head, event: null };
  const at = Math.max(0, Number(sequence) - 1);
  const page = await getJson('/api/events', { params: { after: at, limit: 1 }, withLedgerTime: false });
  const event = page.data.items.find(e => e.sequence === Number(sequence)) ?? null;
  return { head, event };
}

function renderLedgerTimeControl(container) {
  const asOf = ledgerAsOf();
  const moment = el('input', { id: 'lt-moment', name: 'moment', type: 'datetime-local', step: '1', 'aria-describedby': 'lt-help' });
  const sequence = el('input', { id: 'lt-sequence', name: 'sequence', type: 'number', min: '0', step: '1', inputmode: 'numeric', 'aria-describedby': 'lt-help lt-head' });
  if (asOf && IS_SEQUENCE.test(asOf)) sequence.value = asOf;
  else if (asOf) moment.value = toLocalInput(asOf);
  moment.addEventListener('input', () => { if (moment.value) sequence.value = ''; });
  sequence.addEventListener('input', () => { if (sequence.value) moment.value = ''; });

  const head = el('p', { id: 'lt-head', class: 'hint' }, 'Reading the feed head…');
  const error = el('p', { class: 'form-error', role: 'alert', id: 'lt-error' });
  const form = el('form', { class: 'ledger-time-form', novalidate: true },
    el('p', { id: 'lt-help', class: 'hint' }, 'Show every page as the ledger stood at an earlier moment: pick a moment in your time zone, or a feed sequence number.'),
    el('div', { class: 'field' }, el('label', { for: 'lt-moment' }, 'Moment'), moment),
    el('div', { class: 'field' }, el('label', { for: 'lt-sequence' }, 'or feed sequence'), sequence),
    head,
    el('div', { class: 'actions' },
      el('button', { type: 'submit', id: 'lt-apply' }, 'Show the ledger then'),
      asOf ? el('a', { href: nowUrl(), class: 'button secondary', id: 'lt-now' }, 'Back to now') : null),
    error);
  form.addEventListener('submit', event => {
    event.preventDefault();
    error.textContent = '';
    let value = null;
    if (sequence.value.trim()) {
      if (!IS_SEQUENCE.test(sequence.value.trim())) {
        error.textContent = 'A feed sequence is a whole number of 0 or more.';
        sequence.focus();
        return;
      }
      value = sequence.value.trim();
    } else if (moment.value) {
      const date = new Date(moment.value);
      if (Number.isNaN(date.getTime())) {
        error.textContent = 'That moment is not a valid date and time.';
        moment.focus();
        return;
      }
      value = date.toISOString();
    } else {
      error.textContent = 'Enter a moment or a feed sequence.';
      moment.focus();
      return;
    }
    location.assign(urlWithLedgerTime(value));
  });

  const details = el('details', { class: 'ledger-time-control' },
    el('summary', {}, 'Ledger time: ', el('strong', { id: 'lt-summary' }, asOf ? 'earlier' : 'now')),
    form);
  details.addEventListener('keydown', event => {
    if (event.key === 'Escape' && details.open) {
      details.open = false;
      details.querySelector('summary').focus();
    }
  });
  replaceChildren(container, details);

  feedFacts(null).then(({ head: last }) => {
    sequence.max = String(last);
    replaceChildren(head, `The feed is at sequence ${last}.`);
  }).catch(() => replaceChildren(head, 'The feed head could not be read.'));
}

function renderBanner(container) {
  const asOf = ledgerAsOf();
  if (!asOf) {
    container.hidden = true;
    return;
  }
  document.body.classList.add('past-ledger');
  // The label follows the reader's locale (a 12-hour clock, perhaps); the exact instant is on hover.
  const when = el('strong', { id: 'ledger-as-of-label', title: exactInstant(asOf) }, describeLedgerTime(asOf));
  const extra = el('span', { class: 'banner-extra' });
  replaceChildren(container,
    el('div', { class: 'banner', role: 'region', 'aria-label': 'Ledger time' },
      el('p', {}, 'Viewing the ledger as of ', when, extra, '. ',
        'Figures, claims and sources are shown as they were recorded then. ',
        el('a', { href: nowUrl(), id: 'back-to-now' }, 'Back to now'))));
  container.hidden = false;
  const summary = document.getElementById('lt-summary');
  if (summary) summary.textContent = describeLedgerTime(asOf);

  if (IS_SEQUENCE.test(asOf)) {
    feedFacts(asOf).then(({ head, event }) => {
      if (Number(asOf) >= head) replaceChildren(extra, ` (the feed's head is ${head}, so this is the present ledger)`);
      else if (event) replaceChildren(extra, ` (recorded ${ZONED.format(new Date(event.recordedAt))}; the feed is now at ${head})`);
    }).catch(() => {});
  }
}

function exactInstant(asOf) {
  if (IS_SEQUENCE.test(asOf)) return null;
  const date = new Date(asOf);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function describeLedgerTime(asOf) {
  if (IS_SEQUENCE.test(asOf)) return `feed sequence ${asOf}`;
  const date = new Date(asOf);
  return Number.isNaN(date.getTime()) ? asOf : ZONED.format(date);
}

/** A problem-details error as a block: title, detail and every field error. */
export function problemNode(error, { context = null } = {}) {
  const apiError = error instanceof ApiError ? error : new ApiError(0, { title: 'Something went wrong', detail: String(error?.message ?? error) });
  const status = apiError.status ? ` (${apiError.status})` : '';
  const fields = apiError.fieldErrors;
  return el('div', { class: 'problem', role: 'alert' },
    el('p', { class: 'problem-title' }, context ? `${context}: ` : '', apiError.title, status),
    apiError.detail ? el('p', { class: 'problem-detail' }, apiError.detail) : null,
    fields.length ? el('ul', { class: 'problem-fields' }, fields.map(([field, message]) => el('li', {}, el('code', {}, field), ': ', message))) : null);
}

export function showPageError(container, error, context) {
  replaceChildren(container, problemNode(error, { context }));
}

let catalogPromise = null;

/** Names from the catalog (which has no ledger time: platform and metric names only grow). */
export function loadCatalog() {
  catalogPromise ??= getJson('/api/catalog', { withLedgerTime: false }).then(({ data }) => {
    const platforms = new Map(data.platforms.map(p => [p.id, p]));
    const metrics = new Map(data.metrics.map(m => [m.id, m]));
    return {
      platforms: data.platforms,
      metrics: data.metrics,
      platformName: id => platforms.get(id)?.name ?? id,
      metricName: id => metrics.get(id)?.name ?? humanize(id),
      metric: id => metrics.get(id) ?? null,
    };
  }).catch(error => {
    catalogPromise = null;
    throw error;
  });
  return catalogPromise;
}

export function setTitle(...parts) {
  document.title = [...parts.filter(Boolean), 'FactLedger'].join(' · ');
}
