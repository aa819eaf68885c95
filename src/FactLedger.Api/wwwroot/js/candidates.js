// Candidate claims on a source page: the extractor proposes, a fact-checker accepts (one click, as proposed) or
// rejects. Accepting asserts the claim through the API, recorded as the extractor's with the checker as actor.

import { apiKey, ledgerAsOf, postJson, sourceApi } from './api.js';
import { el, replaceChildren } from './dom.js';
import { numberNode, qualifierBadge } from './format.js';
import { describeLedgerTime, problemNode } from './layout.js';
import { keyPanel } from './review.js';

/**
 * Fills container with the candidates panel. onHighlight(candidates) re-renders the article with the proposals
 * marked; onChanged(message) reloads the page after an accepted candidate became a claim.
 */
export function renderCandidates(container, source, claims, { onHighlight, onChanged }) {
  const heading = el('h2', { id: 'candidates-heading' }, 'Candidate claims');
  if (ledgerAsOf()) {
    replaceChildren(container, heading, el('p', { class: 'hint' },
      `Viewing the ledger as of ${describeLedgerTime(ledgerAsOf())}: proposing claims works on the present ledger only.`));
    return;
  }
  const rerender = () => renderCandidates(container, source, claims, { onHighlight, onChanged });
  const status = el('div', { id: 'candidates-status', role: 'status' });
  const list = el('ol', { class: 'candidate-list', id: 'candidate-list' });
  const propose = el('button', { type: 'button', id: 'propose-candidates', disabled: !apiKey() }, 'Propose claims from this text');
  propose.addEventListener('click', async () => {
    propose.disabled = true;
    replaceChildren(status, el('p', { class: 'loading' }, 'Reading the text…'));
    try {
      const { data } = await postJson(`${sourceApi(source.sourceId)}/candidates`, null);
      const proposals = data.candidates.map((proposal, index) => ({ ...proposal, number: index + 1, recordedAs: alreadyRecorded(proposal.candidate, claims) }));
      replaceChildren(status, el('p', { class: 'hint' },
        `${data.extractor} ${data.extractorVersion} read it as ${data.language}${data.languageDetected ? ' (detected)' : ''}: ${proposals.length} candidate${proposals.length === 1 ? "" : "s"}. `,
        'Rejecting only hides a candidate; nothing is recorded until you accept.'));
      replaceChildren(list, proposals.map(proposal => candidateItem(source, proposal, { onChanged, onReject: () => {
        proposals.splice(proposals.indexOf(proposal), 1);
        document.getElementById(`candidate-${proposal.number}`)?.remove();
        onHighlight(proposals);
      } })));
      onHighlight(proposals);
    } catch (error) {
      replaceChildren(status, problemNode(error, { context: 'The candidates could not be proposed' }));
    } finally {
      propose.disabled = false;
    }
  });
  replaceChildren(container, heading,
    el('p', { class: 'hint' }, 'The extractor proposes the numeric claims it finds in this article (deterministic rules, no network). Accepting one asserts it in the ledger.'),
    keyPanel(rerender), propose, status, list);
}

function alreadyRecorded(candidate, claims) {
  return claims.find(claim => claim.platform === candidate.platform && claim.metric === candidate.metric
    && Number(claim.value) === Number(candidate.value)
    && [claim.quote, ...claim.alsoQuoted].some(q => q.start < candidate.end && candidate.start < q.end)) ?? null;
}

function candidateItem(source, proposal, { onChanged, onReject }) {
  const { candidate } = proposal;
  const error = el('div', { class: 'candidate-error' });
  const accept = el('button', { type: 'button', class: 'accept-candidate' }, 'Accept');
  const reject = el('button', { type: 'button', class: 'secondary reject-candidate' }, 'Reject');
  accept.addEventListener('click', async () => {
    accept.disabled = true;
    try {
      await postJson(`${sourceApi(source.sourceId)}/candidates/accept`, proposal.claim);
      onChanged(`Accepted candidate ${proposal.number} as claim ${proposal.claim.claimId}.`);
    } catch (failure) {
      replaceChildren(error, problemNode(failure, { context: 'The candidate could not be accepted' }));
      accept.disabled = false;
    }
  });
  reject.addEventListener('click', onReject);
  return el('li', { id: `candidate-${proposal.number}`, class: 'candidate', dataset: { quote: candidate.quote } },
    el('p', {},
      el('strong', {}, `C${proposal.number} `), numberNode(candidate.value, null), ` ${candidate.platform} · ${candidate.metric} `,
      qualifierBadge(candidate.qualifier), ` as of ${candidate.asOf.date ?? 'unknown'}${candidate.asOf.assumed ? ' (assumed: the publication date)' : ''}`),
    el('blockquote', { class: 'candidate-quote' }, candidate.quote),
    el('p', { class: 'meta' }, `confidence ${candidate.confidence.toFixed(2)} · cues: ${candidate.cues.join(', ')}`,
      candidate.attributedTo.length ? ` · credited to ${candidate.attributedTo.join(' → ')}` : ''),
    proposal.recordedAs
      ? el('p', { class: 'hint candidate-recorded' }, `Already in the ledger as claim ${proposal.recordedAs.claimId}.`)
      : el('p', { class: 'candidate-actions' }, accept, ' ', reject),
    error);
}
