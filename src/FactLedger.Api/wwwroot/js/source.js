// A source: its metadata and its text with every claim it asserts highlighted in place, each highlight a link to
// its claim.

import { ApiError, claimPage, getJson, ledgerAsOf, metricPage, sourceApi } from './api.js';
import { el, replaceChildren, safeUrl } from './dom.js';
import { asOfNode, languageLabel, numberNode, partialDateNode, qualifierBadge, statusBadges } from './format.js';
import { describeLedgerTime, initLayout, loadCatalog, problemNode, setTitle } from './layout.js';
import { renderCandidates } from './candidates.js';

initLayout();
const sourceId = new URLSearchParams(location.search).get('id');
load();

async function load({ flash = null } = {}) {
  const container = document.getElementById('source');
  if (!sourceId) {
    replaceChildren(container, problemNode(new ApiError(400, { title: 'Which source?', detail: 'This page needs ?id=<source id>.' })));
    return;
  }
  try {
    const [catalog, { data }] = await Promise.all([loadCatalog(), getJson(sourceApi(sourceId))]);
    render(container, catalog, data.source, data.claims, flash);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && ledgerAsOf()) {
      replaceChildren(container, el('p', { class: 'empty' }, `The source “${sourceId}” was not in the ledger as of ${describeLedgerTime(ledgerAsOf())}.`));
      return;
    }
    replaceChildren(container, problemNode(error, { context: 'The source could not be loaded' }));
  }
}

function term(name, ...value) {
  return [el('dt', {}, name), el('dd', {}, ...value)];
}

function render(container, catalog, source, claims, flash) {
  document.getElementById('page-title').textContent = source.title;
  document.getElementById('crumb').textContent = source.title;
  setTitle(source.title, 'Source');
  const numbers = new Map(claims.map((claim, index) => [claim.claimId, index + 1]));
  const url = safeUrl(source.url);
  replaceChildren(container,
    el('dl', { class: 'facts source-facts' },
      term('Publisher', source.publisher ?? el('span', { class: 'unknown' }, 'unknown')),
      source.author ? term('Author', source.author) : null,
      term('Published', partialDateNode(source.published), source.published ? ` (known to the ${precisionOf(source.published)})` : null,
        source.publishedNote ? el('span', { class: 'note' }, source.publishedNote) : null),
      term('Language', languageLabel(source.language)),
      url ? term('Address', el('a', { href: url, rel: 'noopener noreferrer', class: 'url' }, url)) : null,
      term('Text digest', el('code', { class: 'digest' }, `sha256:${source.textSha256}`)),
      term('Source id', el('code', {}, source.sourceId)),
      source.notes ? term('Notes', el('span', { class: 'note' }, source.notes)) : null),
    el('div', { class: 'source-layout' },
      el('section', { class: 'article', 'aria-labelledby': 'article-heading' },
        el('h2', { id: 'article-heading' }, 'The text'),
        el('p', { class: 'hint' }, 'Each highlight is a claim the ledger records from this text; follow it to the claim. Lighter highlights repeat a claim elsewhere in the text.'),
        el('div', { class: 'article-text', id: 'article-text', lang: source.language }, highlightedText(source.text, claims, numbers))),
      el('section', { class: 'claims-aside', 'aria-labelledby': 'claims-heading' },
        el('h2', { id: 'claims-heading' }, `Claims (${claims.length})`),
        flash ? el('p', { class: 'flash', id: 'source-flash', role: 'status' }, flash) : null,
        claims.length === 0 ? el('p', { class: 'empty' }, 'No claims are recorded from this source.') : null,
        el('ol', { class: 'source-claims', id: 'source-claims' }, claims.map(claim => el('li', { dataset: { claimId: claim.claimId } },
          el('span', { class: 'claim-number', 'aria-hidden': 'true' }, String(numbers.get(claim.claimId))),
          el('div', {},
            el('a', { href: claimPage(claim.claimId) }, numberNode(claim.value, claim.unit), ` ${claim.unit}`),
            ' ', qualifierBadge(claim.qualifier), ' ', statusBadges(claim.status, claim.latestReview?.verdict),
            el('p', { class: 'meta' },
              el('a', { href: metricPage(claim.platform, claim.metric) }, `${catalog.platformName(claim.platform)}: ${catalog.metricName(claim.metric)}`),
              claim.asOf?.since ? ', ' : ', as of ', asOfNode(claim.asOf))))))),
      el('section', { class: 'candidates', id: 'candidates', 'aria-labelledby': 'candidates-heading' })));
  renderCandidates(document.getElementById('candidates'), source, claims, {
    onChanged: message => load({ flash: message }),
    onHighlight: proposals => replaceChildren(document.getElementById('article-text'),
      highlightedText(source.text, [...claims, ...proposals.map(candidateAsClaim)], new Map([...numbers, ...proposals.map(p => [`candidate-${p.number}`, `C${p.number}`])]))),
  });
}

/** A proposal shaped like a claim, so the article can mark it; its highlight links to the proposal, not a claim page. */
function candidateAsClaim(proposal) {
  const { candidate } = proposal;
  return {
    claimId: `candidate-${proposal.number}`,
    href: `#candidate-${proposal.number}`,
    candidate: true,
    status: 'candidate',
    quote: { start: candidate.start, end: candidate.end },
    alsoQuoted: candidate.mentions.filter(m => m.start !== candidate.start).map(m => ({ start: m.start, end: m.end })),
  };
}

function precisionOf(date) {
  return date.length === 4 ? 'year' : date.length === 7 ? 'month' : 'day';
}

/**
 * The text cut at every quote boundary. Where quotes overlap, a piece links to the claim whose own quote (not a
 * repeat) is the narrowest there; its title names every claim covering it.
 */
export function highlightedText(text, claims, numbers) {
  const spans = claims.flatMap(claim => [
    { claim, start: claim.quote.start, end: claim.quote.end, primary: true },
    ...claim.alsoQuoted.map(q => ({ claim, start: q.start, end: q.end, primary: false })),
  ]).filter(s => s.start >= 0 && s.end <= text.length && s.start < s.end);
  const cuts = [...new Set([0, text.length, ...spans.flatMap(s => [s.start, s.end])])].sort((a, b) => a - b);
  const parts = [];
  for (let i = 0; i + 1 < cuts.length; i += 1) {
    const [from, to] = [cuts[i], cuts[i + 1]];
    const covering = spans.filter(s => s.start <= from && s.end >= to);
    if (covering.length === 0) {
      parts.push(text.slice(from, to));
      continue;
    }
    covering.sort((a, b) => Number(b.primary) - Number(a.primary) || (a.end - a.start) - (b.end - b.start));
    const lead = covering[0];
    const struck = lead.claim.status === 'retracted' || lead.claim.latestReview?.verdict === 'false';
    const names = [...new Set(covering.map(s => `claim ${numbers.get(s.claim.claimId)}: ${s.claim.claimId}${s.primary ? '' : ' (repeated)'}`))];
    const endsHere = covering.filter(s => s.primary && s.end === to);
    parts.push(el('a', {
      href: lead.claim.href ?? claimPage(lead.claim.claimId),
      class: ['claim-highlight', !lead.primary && 'also', struck && 'struck', lead.claim.candidate && 'candidate-highlight'],
      title: names.join('\n'),
      dataset: { claimId: lead.claim.claimId },
    },
    el('mark', {}, text.slice(from, to)),
    endsHere.map(s => el('sup', { class: 'claim-ref', 'aria-label': `claim ${numbers.get(s.claim.claimId)}` }, String(numbers.get(s.claim.claimId))))));
  }
  return parts;
}
