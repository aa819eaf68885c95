// A claim's provenance trail: what was said, where, by whom, in which words, when it was recorded, and every
// correction, review and retraction since. Fact-checkers review it from here.

import { ApiError, claimApi, getJson, ledgerAsOf, metricPage, sourceApi, sourcePage } from './api.js';
import { el, replaceChildren, safeUrl } from './dom.js';
import {
  asOfNode, exactNumber, languageLabel, numberNode, partialDateNode, qualifierBadge, statusBadges, timestampNode,
} from './format.js';
import { describeLedgerTime, initLayout, loadCatalog, problemNode, setTitle } from './layout.js';
import { renderReview } from './review.js';

initLayout();
const claimId = new URLSearchParams(location.search).get('id');
load();

async function load({ flash = null } = {}) {
  const container = document.getElementById('claim');
  if (!claimId) {
    replaceChildren(container, problemNode(new ApiError(400, { title: 'Which claim?', detail: 'This page needs ?id=<claim id>.' })));
    return;
  }
  try {
    const [catalog, trail] = await Promise.all([loadCatalog(), getJson(claimApi(claimId, '/trail')).then(r => r.data)]);
    const source = await getJson(sourceApi(trail.claim.sourceId)).then(r => r.data.source).catch(() => null);
    render(container, catalog, trail, source, flash);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && ledgerAsOf()) {
      replaceChildren(container, el('p', { class: 'empty', id: 'not-yet' },
        `The claim “${claimId}” was not in the ledger as of ${describeLedgerTime(ledgerAsOf())}.`));
      return;
    }
    replaceChildren(container, problemNode(error, { context: 'The claim could not be loaded' }));
  }
}

function render(container, catalog, trail, source, flash) {
  const claim = trail.claim;
  const platformName = catalog.platformName(claim.platform);
  const metricName = catalog.metricName(claim.metric);
  document.getElementById('page-title').textContent = `${platformName}: ${metricName}`;
  document.getElementById('crumb').textContent = claim.claimId;
  setTitle(`${platformName} ${metricName}`, 'Claim');

  const review = el('section', { id: 'review', class: 'review', 'aria-labelledby': 'review-heading' });
  replaceChildren(container,
    summarySection(claim, platformName, metricName),
    provenanceSection(trail),
    quoteSection(trail, source),
    historySection(trail.history),
    review);
  renderReview(review, claim, { onChanged: message => load({ flash: message }), flash });
}

function term(name, ...value) {
  return [el('dt', {}, name), el('dd', {}, ...value)];
}

function summarySection(claim, platformName, metricName) {
  const struck = claim.status === 'retracted' || claim.latestVerdict === 'false';
  const value = numberNode(claim.value, claim.unit, { id: 'claim-value' });
  return el('section', { class: 'claim-summary', 'aria-labelledby': 'summary-heading' },
    el('h2', { id: 'summary-heading', class: 'visually-hidden' }, 'The claim'),
    el('p', { class: ['claim-headline', struck && 'struck'] },
      struck ? el('s', {}, value) : value, ` ${claim.unit} `, qualifierBadge(claim.qualifier), ' ',
      statusBadges(claim.status, claim.latestVerdict)),
    el('dl', { class: 'facts' },
      term('Exact value', el('span', { id: 'claim-exact' }, `${exactNumber(claim.value)} ${claim.unit}`)),
      term('As of', asOfNode(claim.asOf), precisionNote(claim.asOf?.date),
        claim.asOf?.text ? el('span', { class: 'hint' }, ` — the source says “${claim.asOf.text}”`) : null,
        claim.asOf?.note ? el('span', { class: 'note' }, claim.asOf.note) : null),
      term('Platform and metric', el('a', { href: metricPage(claim.platform, claim.metric) }, `${platformName}: ${metricName}`), ' (timeline)'),
      term('Claim id', el('code', {}, claim.claimId)),
      term('Version', String(claim.version)),
      claim.latestReview ? term('Latest review',
        el('strong', {}, claim.latestReview.verdict), ` by ${claim.latestReview.reviewer}, `, timestampNode(claim.latestReview.at),
        claim.latestReview.rationale ? el('span', { class: 'note' }, claim.latestReview.rationale) : null) : null,
      claim.status === 'retracted' ? term('Retracted', claim.retractionReason ?? '') : null,
      claim.notes ? term('Notes', el('span', { class: 'note' }, claim.notes)) : null));
}

function precisionNote(date) {
  if (!date) return null;
  const precision = date.length === 4 ? 'year' : date.length === 7 ? 'month' : 'day';
  return el('span', { class: 'precision' }, ` (known to the ${precision})`);
}

function provenanceSection(trail) {
  const source = trail.source;
  const url = safeUrl(source.url);
  return el('section', { class: 'provenance', 'aria-labelledby': 'provenance-heading' },
    el('h2', { id: 'provenance-heading' }, 'Provenance'),
    el('dl', { class: 'facts' },
      term('Source', el('a', { href: sourcePage(source.sourceId), id: 'source-title' }, source.title)),
      term('Publisher', source.publisher ?? el('span', { class: 'unknown' }, 'unknown')),
      term('Published', partialDateNode(source.published), source.published ? ` (precision: ${source.publishedPrecision})` : ' (the source gives no date)'),
      term('Language', languageLabel(source.language)),
      url ? term('Address', el('a', { href: url, rel: 'noopener noreferrer', class: 'url' }, url)) : null,
      term('Attribution', attributionNode(trail.attribution)),
      term('Recorded', timestampNode(trail.recordedAt), ` by ${trail.recordedBy.name} (${trail.recordedBy.kind}${trail.recordedBy.version ? ` ${trail.recordedBy.version}` : ''})`)));
}

function attributionNode(chain) {
  if (!chain.length) return el('span', { class: 'unknown' }, 'none recorded');
  return el('ol', { class: 'attribution', id: 'attribution', 'aria-label': 'Attribution chain, nearest first' },
    chain.map(link => el('li', {}, el('span', { class: 'who' }, link.name), ' ', el('span', { class: 'role' }, link.role))));
}

/** Text with [start, end) marked, cut from a longer passage: "…before <mark>quote</mark> after…". */
function markedPassage(text, start, end, { truncatedBefore = false, truncatedAfter = false, markClass, id = null, lang = null }) {
  return el('blockquote', { class: 'passage', id, lang },
    el('p', {},
      truncatedBefore ? el('span', { class: 'ellipsis', 'aria-label': 'text before omitted' }, '… ') : null,
      text.slice(0, start),
      el('mark', { class: markClass }, text.slice(start, end)),
      text.slice(end),
      truncatedAfter ? el('span', { class: 'ellipsis', 'aria-label': 'text after omitted' }, ' …') : null));
}

function quoteSection(trail, source) {
  const quote = trail.quote;
  const claim = trail.claim;
  const fullText = source?.text ?? null;
  return el('section', { class: 'quote', 'aria-labelledby': 'quote-heading' },
    el('h2', { id: 'quote-heading' }, 'The quote in its context'),
    quote.quoteMatchesText ? null : el('p', { class: 'warning', role: 'note' },
      '⚠ The quoted words are not at their recorded offsets in the source text; the highlight shows what sits there now.'),
    markedPassage(quote.context, quote.quoteStart, quote.quoteEnd, {
      truncatedBefore: quote.truncatedBefore, truncatedAfter: quote.truncatedAfter, markClass: 'quote-mark', id: 'quote-context', lang: trail.source.language,
    }),
    el('p', { class: 'hint' }, `Characters ${quote.sourceStart}–${quote.sourceEnd} of the source text. Recorded quote: `, el('q', { id: 'recorded-quote' }, claim.quote.text)),
    trail.alsoQuoted.length ? [
      el('h3', {}, 'Also quoted'),
      trail.alsoQuoted.map(also => markedPassage(also.context, also.quoteStart, also.quoteEnd, {
        truncatedBefore: also.truncatedBefore, truncatedAfter: also.truncatedAfter, markClass: 'also-mark', lang: trail.source.language,
      })),
    ] : null,
    fullText === null ? null : el('details', { class: 'full-text' },
      el('summary', {}, 'The whole article'),
      articleWithMarks(fullText, claim, trail.source.language)));
}

function articleWithMarks(text, claim, lang) {
  const spans = [
    { start: claim.quote.start, end: claim.quote.end, cls: 'quote-mark' },
    ...claim.alsoQuoted.map(q => ({ start: q.start, end: q.end, cls: 'also-mark' })),
  ].filter(s => s.start >= 0 && s.end <= text.length && s.start < s.end).sort((a, b) => a.start - b.start);
  const parts = [];
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue;
    parts.push(text.slice(at, span.start), el('mark', { class: span.cls }, text.slice(span.start, span.end)));
    at = span.end;
  }
  parts.push(text.slice(at));
  return el('div', { class: 'article-text', id: 'article-text', lang }, parts);
}

const HISTORY_LABELS = { asserted: 'Recorded', corrected: 'Corrected', reviewed: 'Reviewed', retracted: 'Retracted' };

function historySection(history) {
  return el('section', { class: 'history', 'aria-labelledby': 'history-heading' },
    el('h2', { id: 'history-heading' }, 'History'),
    el('ol', { class: 'history-list', id: 'history' }, history.map(entry =>
      el('li', { class: `history-entry h-${entry.kind}`, dataset: { kind: entry.kind, version: String(entry.version) } },
        el('p', { class: 'history-head' },
          el('span', { class: `badge kind k-${entry.kind}` }, HISTORY_LABELS[entry.kind] ?? entry.kind),
          ' ', timestampNode(entry.at), ` by ${entry.actor}`, el('span', { class: 'version' }, ` · version ${entry.version}`)),
        entry.reason ? el('p', { class: 'history-reason' }, entry.reason) : null,
        entry.details.length ? el('ul', { class: 'changes' }, entry.details.map(change => el('li', {},
          el('code', {}, change.field), ': ',
          change.from === null ? el('span', { class: 'unknown' }, 'none') : el('del', {}, change.from),
          el('span', { 'aria-label': 'changed to' }, ' → '),
          change.to === null ? el('span', { class: 'unknown' }, 'none') : el('ins', {}, change.to)))) : null))));
}
