// How values read on the page: compact numbers with the exact value kept for titles, partial dates at their
// precision, qualifiers and verdicts in words with a symbol.

import { el } from './dom.js';

const exactFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 6 });
const scaledFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const SCALES = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'k']];

/** 1.5 M, 15 B, 350 k: how a reader says the numbers in the articles. */
export function compactNumber(value) {
  const magnitude = Math.abs(value);
  for (const [scale, suffix] of SCALES) {
    if (magnitude >= scale) return `${scaledFormat.format(value / scale)} ${suffix}`;
  }
  return scaledFormat.format(value);
}

export function exactNumber(value) {
  return exactFormat.format(value);
}

/** A compact number whose exact value shows on hover and is read by screen readers. */
export function numberNode(value, unit = null, attributes = {}) {
  const exact = unit ? `${exactNumber(value)} ${unit}` : exactNumber(value);
  return el('span', { class: 'num', title: exact, 'aria-label': exact, ...attributes }, compactNumber(value));
}

export const QUALIFIERS = {
  exact: { symbol: '●', label: 'exact', words: '' },
  approximate: { symbol: '~', label: 'about', words: 'about' },
  at_least: { symbol: '▲', label: 'more than', words: 'more than' },
  at_most: { symbol: '▼', label: 'at most', words: 'at most' },
  forecast: { symbol: '◌', label: 'forecast', words: 'forecast:' },
};

export function qualifierInfo(qualifier) {
  return QUALIFIERS[qualifier] ?? { symbol: '?', label: qualifier, words: qualifier };
}

export function qualifierBadge(qualifier) {
  const info = qualifierInfo(qualifier);
  return el('span', { class: `badge qualifier q-${qualifier}` }, el('span', { 'aria-hidden': 'true' }, info.symbol), ` ${info.label}`);
}

export const VERDICTS = ['supported', 'disputed', 'false', 'misleading', 'unverifiable'];

export function verdictBadge(verdict) {
  if (!verdict) return null;
  const label = verdict === 'false' ? 'rated false' : verdict;
  return el('span', { class: `badge verdict v-${verdict}` }, label);
}

export function statusBadges(status, verdict, excluded = null) {
  return [
    status === 'retracted' ? el('span', { class: 'badge retracted' }, 'retracted') : null,
    verdictBadge(verdict),
    excluded && status !== 'retracted' && verdict !== 'false' ? el('span', { class: 'badge excluded' }, `excluded: ${excluded}`) : null,
  ].filter(Boolean);
}

const MONTH = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', timeZone: 'UTC' });
const DAY = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });

/** A partial date ("2016", "2016-02", "2016-02-24") as a UTC day range and its precision; null when unknown. */
export function dateRange(text) {
  if (!text) return null;
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  if (match[3]) {
    const start = Date.UTC(year, Number(match[2]) - 1, Number(match[3]));
    return { start, end: start + 86_400_000, precision: 'day' };
  }
  if (match[2]) {
    const month = Number(match[2]) - 1;
    return { start: Date.UTC(year, month, 1), end: Date.UTC(year, month + 1, 1), precision: 'month' };
  }
  return { start: Date.UTC(year, 0, 1), end: Date.UTC(year + 1, 0, 1), precision: 'year' };
}

export function partialDateLabel(text) {
  const range = dateRange(text);
  if (!range) return text ? text : 'unknown';
  if (range.precision === 'day') return DAY.format(range.start);
  if (range.precision === 'month') return MONTH.format(range.start);
  return String(new Date(range.start).getUTCFullYear());
}

/** A <time> element for a partial date; unknown dates read "unknown". */
export function partialDateNode(text) {
  if (!text) return el('span', { class: 'unknown' }, 'unknown');
  return el('time', { datetime: text, title: text }, partialDateLabel(text));
}

export function asOfLabel(asOf) {
  if (!asOf) return 'unknown';
  const date = partialDateLabel(asOf.date);
  return asOf.since ? `since ${partialDateLabel(asOf.since)} until ${date}` : date;
}

export function asOfNode(asOf) {
  if (!asOf || !asOf.date) return el('span', { class: 'unknown' }, 'unknown');
  if (!asOf.since) return partialDateNode(asOf.date);
  return el('span', {}, 'since ', partialDateNode(asOf.since), ' until ', partialDateNode(asOf.date));
}

const STAMP = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A recorded-at timestamp in the reader's time zone, with the exact ISO value on hover. */
export function timestampNode(iso) {
  if (!iso) return el('span', { class: 'unknown' }, 'unknown');
  return el('time', { datetime: iso, title: iso }, timestampLabel(iso));
}

export function timestampLabel(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : STAMP.format(date);
}

let languageNames = null;
export function languageLabel(code) {
  if (!code) return 'unknown';
  try {
    languageNames ??= new Intl.DisplayNames(undefined, { type: 'language' });
    const name = languageNames.of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

/** "monthly_active_users" → "monthly active users", for ids the catalog does not name. */
export function humanize(id) {
  return String(id ?? '').replaceAll('_', ' ');
}
