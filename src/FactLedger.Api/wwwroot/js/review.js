// The review panel of a claim page: rate, correct or retract the claim with a fact-checker key. Every write sends
// If-Match with the version the page shows, so a reviewer never overwrites a change they have not seen.

import { ApiError, apiKey, claimApi, forgetApiKey, ledgerAsOf, postJson, setApiKey } from './api.js';
import { el, replaceChildren } from './dom.js';
import { QUALIFIERS, VERDICTS } from './format.js';
import { describeLedgerTime, nowUrl, problemNode } from './layout.js';

/**
 * Fills container with the key panel and the three forms. After a successful write, onChanged(message) reloads
 * the page's data; the new render shows the message.
 */
export function renderReview(container, claim, { onChanged, flash = null }) {
  const heading = el('h2', { id: 'review-heading' }, 'Review this claim');
  if (ledgerAsOf()) {
    replaceChildren(container, heading, el('p', { class: 'hint', id: 'review-past' },
      `You are viewing the ledger as of ${describeLedgerTime(ledgerAsOf())}. Reviews change the present ledger: `,
      el('a', { href: nowUrl() }, 'go back to now'), ' to review this claim.'));
    return;
  }
  const flashNode = el('p', { class: 'flash', id: 'review-flash', role: 'status', tabindex: '-1' }, flash ?? '');
  flashNode.hidden = !flash;
  const forms = el('div', { class: 'review-forms' },
    rateForm(claim, onChanged),
    claim.status === 'retracted'
      ? el('p', { class: 'hint' }, 'This claim is retracted: it can no longer be corrected or retracted again.')
      : [correctForm(claim, onChanged), retractForm(claim, onChanged)]);
  replaceChildren(container, heading, flashNode, keyPanel(() => renderReview(container, claim, { onChanged })), forms);
  if (flash) flashNode.focus();
}

export function keyPanel(rerender) {
  const key = apiKey();
  if (key) {
    return el('div', { class: 'key-panel', id: 'key-panel' },
      el('p', {}, `Reviewing with the key ending “…${key.slice(-4)}”, kept in this browser tab only. `,
        el('button', { type: 'button', class: 'secondary', id: 'forget-key', onclick: () => { forgetApiKey(); rerender(); } }, 'Forget key')));
  }
  const input = el('input', { id: 'api-key', name: 'apiKey', type: 'password', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'api-key-help' });
  const error = el('p', { class: 'form-error', role: 'alert' });
  const form = el('form', { class: 'key-panel', id: 'key-form', novalidate: true },
    el('div', { class: 'field' }, el('label', { for: 'api-key' }, 'Fact-checker API key'), input),
    el('p', { class: 'hint', id: 'api-key-help' }, 'Entered once, kept in this browser tab (sessionStorage) and sent as X-Api-Key with each review. Reading needs no key.'),
    el('button', { type: 'submit', id: 'use-key' }, 'Use this key'),
    error);
  form.addEventListener('submit', event => {
    event.preventDefault();
    if (!input.value.trim()) {
      error.textContent = 'Paste the key you were given.';
      input.focus();
      return;
    }
    setApiKey(input.value.trim());
    rerender();
    document.getElementById('forget-key')?.focus();
  });
  return form;
}

function field(id, label, control, hint = null) {
  control.id = id;
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return el('div', { class: 'field', dataset: { field: id } },
    el('label', { for: id }, label),
    control,
    hint ? el('p', { class: 'hint', id: hintId }, hint) : null);
}

function select(name, options, current) {
  return el('select', { name }, options.map(([value, text]) => el('option', { value, selected: value === current }, text)));
}

/**
 * A review form: on submit, body() builds the request (or throws a message), the write is sent with If-Match,
 * and problems are shown beside the form, each field error next to its field.
 */
function reviewForm({ id, title, description, fields, submitLabel, fieldMap, path, body, claim, onChanged, success, danger = false }) {
  const errors = el('div', { class: 'form-errors', id: `${id}-errors` });
  const button = el('button', { type: 'submit', class: danger ? 'danger' : null, id: `${id}-submit` }, submitLabel);
  const form = el('form', { class: 'review-form', id, novalidate: true, 'aria-labelledby': `${id}-title` },
    el('h3', { id: `${id}-title` }, title),
    el('p', { class: 'hint' }, description),
    fields,
    el('div', { class: 'actions' }, button),
    errors);

  const clearErrors = () => {
    replaceChildren(errors);
    for (const node of form.querySelectorAll('.field-error')) node.remove();
    for (const node of form.querySelectorAll('[aria-invalid]')) {
      node.removeAttribute('aria-invalid');
      const describedBy = (node.getAttribute('aria-describedby') ?? '').split(' ').filter(x => x && !x.endsWith('-error'));
      if (describedBy.length) node.setAttribute('aria-describedby', describedBy.join(' '));
      else node.removeAttribute('aria-describedby');
    }
  };

  const showError = error => {
    const apiError = error instanceof ApiError ? error : new ApiError(400, { title: 'Check the form', detail: String(error?.message ?? error) });
    replaceChildren(errors, problemNode(apiError, { context: explain(apiError) }));
    if (apiError.status === 409) {
      errors.append(el('p', {}, el('a', { href: location.href, id: `${id}-reload` }, 'Reload the claim'), ' to see what changed, then try again.'));
    }
    for (const [name, message] of apiError.fieldErrors) {
      const control = form.querySelector(`#${fieldMap[name] ?? fieldMap[name.split('.')[0]] ?? '__none__'}`);
      if (!control) continue;
      const errorId = `${control.id}-error`;
      control.setAttribute('aria-invalid', 'true');
      control.setAttribute('aria-describedby', `${control.getAttribute('aria-describedby') ?? ''} ${errorId}`.trim());
      control.closest('.field').append(el('p', { class: 'field-error', id: errorId }, message));
    }
  };

  form.addEventListener('submit', async event => {
    event.preventDefault();
    clearErrors();
    let request;
    try {
      request = body(form);
    } catch (problem) {
      showError(problem);
      return;
    }
    button.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      await postJson(claimApi(claim.claimId, path), request, { ifMatchVersion: claim.version });
      onChanged(success);
    } catch (error) {
      showError(error);
      errors.querySelector('.problem')?.setAttribute('tabindex', '-1');
      errors.querySelector('.problem')?.focus();
    } finally {
      button.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });
  return form;
}

function explain(error) {
  switch (error.status) {
    case 0: return 'Not sent';
    case 401: return apiKey() ? 'Your key was not accepted' : 'A fact-checker key is needed';
    case 403: return 'Your key may not do this';
    case 409: return 'Someone changed this claim since you loaded it';
    case 429: return 'Too many writes';
    default: return error.status >= 500 ? 'The server failed' : 'Not recorded';
  }
}

function rateForm(claim, onChanged) {
  const verdict = select('verdict', [['', 'Choose a verdict…'], ...VERDICTS.map(v => [v, v])], '');
  const rationale = el('textarea', { name: 'rationale', rows: '3' });
  return reviewForm({
    id: 'rate-form',
    title: 'Rate',
    description: 'Record a verdict on the claim. A claim rated false drops out of the figures.',
    fields: [field('review-verdict', 'Verdict', verdict), field('review-rationale', 'Rationale', rationale, 'What you checked and what you found.')],
    submitLabel: 'Record verdict',
    fieldMap: { verdict: 'review-verdict', rationale: 'review-rationale', reviewer: 'review-rationale' },
    path: '/reviews',
    body: () => ({ verdict: verdict.value || null, rationale: rationale.value }),
    claim,
    onChanged,
    success: 'Your verdict was recorded; it is now in the history below.',
  });
}

function correctForm(claim, onChanged) {
  const value = el('input', { name: 'value', type: 'number', step: 'any', inputmode: 'decimal', value: String(claim.value) });
  const qualifier = select('qualifier', Object.entries(QUALIFIERS).map(([id, q]) => [id, `${q.symbol} ${q.label}`]), claim.qualifier);
  const asOf = el('input', { name: 'asOfDate', type: 'text', inputmode: 'numeric', autocomplete: 'off', value: claim.asOf?.date ?? '', placeholder: 'YYYY-MM-DD' });
  const reason = el('textarea', { name: 'reason', rows: '3' });
  return reviewForm({
    id: 'correct-form',
    title: 'Correct',
    description: 'Change what the claim records; only the fields you change are sent. The old values stay in the history.',
    fields: [
      field('correct-value', 'Value', value),
      field('correct-qualifier', 'Qualifier', qualifier),
      field('correct-asof', 'As-of date', asOf, 'YYYY, YYYY-MM or YYYY-MM-DD; empty when the source does not say.'),
      field('correct-reason', 'Reason', reason, 'Why the correction is needed; it is kept with the change.'),
    ],
    submitLabel: 'Record correction',
    fieldMap: { value: 'correct-value', qualifier: 'correct-qualifier', asOf: 'correct-asof', reason: 'correct-reason', changes: 'correct-value' },
    path: '/corrections',
    body: () => {
      if (value.validity.badInput) throw new Error('The value is not a number.');
      const request = { reason: reason.value };
      if (value.value.trim() !== '' && Number(value.value) !== claim.value) request.value = Number(value.value);
      if (qualifier.value !== claim.qualifier) request.qualifier = qualifier.value;
      const date = asOf.value.trim();
      if (date !== (claim.asOf?.date ?? '')) {
        // The as-of travels whole; keep the source's words and the recorder's note with the new date.
        request.asOf = { date: date || null, since: claim.asOf?.since ?? null, text: claim.asOf?.text ?? null, note: claim.asOf?.note ?? null };
      }
      return request;
    },
    claim,
    onChanged,
    success: 'Your correction was recorded; it is now in the history below.',
  });
}

function retractForm(claim, onChanged) {
  const reason = el('textarea', { name: 'reason', rows: '3' });
  return reviewForm({
    id: 'retract-form',
    title: 'Retract',
    description: 'For a claim that should never have been recorded. It stays in the ledger, struck out, and leaves the figures.',
    fields: [field('retract-reason', 'Reason', reason)],
    submitLabel: 'Retract claim',
    fieldMap: { reason: 'retract-reason', claimId: 'retract-reason' },
    path: '/retraction',
    body: () => ({ reason: reason.value }),
    claim,
    onChanged,
    success: 'The claim was retracted.',
    danger: true,
  });
}
