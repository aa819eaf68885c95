// A platform and metric: the current figure, the chart of every claim over time, and the same claims as a table.

import { ApiError, claimPage, getAllPages, getJson, sourcePage } from './api.js';
import { PALETTE, legendNode, renderChart } from './chart.js';
import { el, replaceChildren } from './dom.js';
import {
  asOfLabel, asOfNode, compactNumber, exactNumber, numberNode, partialDateLabel, partialDateNode, qualifierBadge, qualifierInfo, statusBadges,
} from './format.js';
import { initLayout, loadCatalog, problemNode, setTitle } from './layout.js';

// The chart needs every claim: the largest pages the API serves (Timeline.MaxPageSize) take the fewest requests.
const MAX_PAGE = 5000;

initLayout();
const params = new URLSearchParams(location.search);
const platform = params.get('platform');
const metric = params.get('metric');
render();

async function render() {
  const container = document.getElementById('metric');
  if (!platform || !metric) {
    replaceChildren(container, problemNode(new ApiError(400, {
      title: 'Which timeline?',
      detail: 'This page needs ?platform=…&metric=… (for example ?platform=telegram&metric=monthly_active_users).',
    })));
    return;
  }
  const base = `${encodeURIComponent(platform)}/${encodeURIComponent(metric)}`;
  try {
    const [catalog, timeline, claims, figure] = await Promise.all([
      loadCatalog(),
      getAllPages(`/api/timelines/${base}`, { params: { limit: MAX_PAGE } }),
      getAllPages(`/api/pages/claims/${base}`, { params: { limit: MAX_PAGE } }),
      getJson(`/api/figures/${base}`).then(r => r.data).catch(error => {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }),
    ]);
    const platformName = catalog.platformName(platform);
    const metricInfo = catalog.metric(metric);
    const metricName = metricInfo?.name ?? metric;
    document.getElementById('page-title').textContent = `${platformName}: ${metricName}`;
    document.getElementById('crumb').textContent = `${platformName}: ${metricName}`;
    setTitle(`${platformName} ${metricName}`);

    const claimsById = new Map(claims.map(c => [c.claimId, c]));
    const sources = sourceColours(timeline, claimsById);
    const points = timeline.map(entry => toPoint(entry, claimsById.get(entry.claimId), sources.get(entry.sourceId)));
    const chartBox = el('div', { class: 'chart-wrap', id: 'chart' });
    let scale = params.get('scale') === 'log' ? 'log' : 'linear';
    const draw = () => renderChart(chartBox, points, { scale, title: `${platformName} ${metricName}` });

    replaceChildren(container,
      metricInfo?.definition ? el('p', { class: 'lede' }, metricInfo.definition) : null,
      figureSummary(figure),
      timeline.length === 0
        ? el('p', { class: 'empty' }, 'The ledger has no claims about this platform and metric.')
        : [
          el('section', { class: 'chart-section', 'aria-labelledby': 'chart-heading' },
            el('div', { class: 'section-head' },
              el('h2', { id: 'chart-heading' }, 'Claims over time'),
              scaleToggle(scale, next => {
                scale = next;
                const url = new URL(location.href);
                url.searchParams.set('scale', next);
                history.replaceState(null, '', url);
                draw();
              })),
            el('figure', { class: 'chart-figure' },
              chartBox,
              el('figcaption', {}, `${timeline.length} claim${timeline.length === 1 ? '' : 's'}, placed at the date each number held. `
                + 'Bars show dates known only to the month or year, and periods. Hover or focus a point for its quote and source; press Enter to open it.')),
            legendNode([...sources.values()], {
              hasExcluded: points.some(p => p.excluded),
              qualifiers: new Set(points.map(p => p.qualifier)),
            })),
          el('section', { 'aria-labelledby': 'table-heading' },
            el('h2', { id: 'table-heading' }, 'The claims'),
            claimsTable(timeline, claimsById, sources)),
        ]);
    draw();
  } catch (error) {
    replaceChildren(container, problemNode(error, { context: 'The timeline could not be loaded' }));
  }
}

function sourceColours(timeline, claimsById) {
  const sources = new Map();
  for (const entry of timeline) {
    if (sources.has(entry.sourceId)) continue;
    const publisher = claimsById.get(entry.claimId)?.source?.publisher;
    sources.set(entry.sourceId, {
      sourceId: entry.sourceId,
      title: publisher ? `${publisher}: ${entry.sourceTitle}` : entry.sourceTitle,
      colour: PALETTE[sources.size % PALETTE.length],
    });
  }
  return sources;
}

function exclusionText(entry) {
  if (entry.status === 'retracted') return 'retracted';
  if (entry.excluded === 'rated_false' || entry.latestVerdict === 'false') return 'rated false';
  return entry.excluded ? entry.excluded.replaceAll('_', ' ') : null;
}

function toPoint(entry, claim, source) {
  const qualifier = qualifierInfo(entry.qualifier);
  const struck = exclusionText(entry);
  const publisher = claim?.source?.publisher;
  const label = [
    `${qualifier.words} ${compactNumber(entry.value)} ${entry.unit}`.trim(),
    `(${qualifier.label})`,
    `as of ${asOfLabel(entry.asOf)},`,
    `from ${publisher ? `${publisher}: ` : ''}${entry.sourceTitle}`,
    struck ? `, ${struck}` : '',
  ].join(' ');
  return {
    claimId: entry.claimId,
    href: claimPage(entry.claimId),
    value: entry.value,
    unit: entry.unit,
    qualifier: entry.qualifier,
    asOf: entry.asOf,
    excluded: Boolean(entry.excluded || entry.status === 'retracted'),
    colour: source.colour,
    label,
    tooltip: () => [
      el('p', { class: 'tt-value' },
        el('strong', {}, `${qualifier.words} ${compactNumber(entry.value)} ${entry.unit}`.trim()),
        ` (${exactNumber(entry.value)})`),
      el('p', { class: 'tt-meta' }, `${qualifier.label} · as of ${asOfLabel(entry.asOf)}`),
      claim ? el('blockquote', { class: 'tt-quote' }, `“${claim.quote.text}”`) : null,
      el('p', { class: 'tt-source' },
        publisher ? `${publisher} — ` : '', entry.sourceTitle,
        entry.sourcePublished ? ` (${partialDateLabel(entry.sourcePublished)})` : ' (publication date unknown)'),
      struck ? el('p', { class: 'tt-struck' }, `Struck: ${struck}${claim?.retractionReason ? ` (${claim.retractionReason})` : ''}`) : null,
    ],
  };
}

function figureSummary(figure) {
  if (!figure) {
    return el('p', { class: 'figure-summary empty' }, 'No current figure: no eligible claim has a known as-of date.');
  }
  const conflicts = figure.conflictsTotal;
  return el('div', { class: 'figure-summary', id: 'current-figure' },
    el('p', { class: 'figure-headline' },
      el('span', { class: 'figure-label' }, 'Current figure'),
      el('span', { class: 'figure-number' }, numberNode(figure.value, figure.unit), ' ', figure.unit),
      qualifierBadge(figure.qualifier),
      el('span', {}, ' as of ', asOfNode(figure.asOf))),
    el('p', { class: 'figure-from' },
      'From ', el('a', { href: claimPage(figure.claimId) }, figure.sourceTitle),
      ` · ${figure.supportingTotal} supporting claim${figure.supportingTotal === 1 ? '' : 's'}`,
      conflicts ? el('span', { class: 'conflict-marker' }, ` · ⚠ ${conflicts} conflicting`) : ' · no conflicts',
      figure.forecastsTotal ? ` · ${figure.forecastsTotal} forecast${figure.forecastsTotal === 1 ? '' : 's'}` : ''),
    figureList(figure, 'conflicts', 'conflictsTotal', 'Conflicting claims'),
    figureList(figure, 'supporting', 'supportingTotal', 'Supporting claims'),
    figureList(figure, 'compatible', 'compatibleTotal', 'Compatible claims'),
    figureList(figure, 'forecasts', 'forecastsTotal', 'Forecasts'));
}

/** One of the figure's lists (the latest few the API lists), and "and N more" pointing at the table of every claim. */
function figureList(figure, list, total, title) {
  const claims = figure[list];
  const count = figure[total];
  if (!count) return null;
  const more = count - claims.length;
  return el('details', { class: 'figure-list', dataset: { list } },
    el('summary', {}, `${title} (${count})`),
    el('ul', {},
      claims.map(c => el('li', {},
        el('a', { href: claimPage(c.claimId) }, numberNode(c.value, figure.unit)), ' ', qualifierBadge(c.qualifier),
        ' as of ', asOfNode(c.asOf), ' · ', el('a', { href: sourcePage(c.sourceId) }, c.sourceTitle))),
      more > 0 ? el('li', { class: 'more' }, el('a', { href: '#claims-table' }, `and ${more} more`), ' in the table of every claim below') : null));
}

function scaleToggle(current, onChange) {
  const option = (value, text) => {
    const input = el('input', { type: 'radio', name: 'scale', value, id: `scale-${value}`, checked: current === value });
    input.addEventListener('change', () => { if (input.checked) onChange(value); });
    return el('label', { for: `scale-${value}`, class: 'toggle-option' }, input, ` ${text}`);
  };
  return el('fieldset', { class: 'scale-toggle' },
    el('legend', {}, 'Value scale'),
    option('linear', 'Linear'),
    option('log', 'Log'));
}

function claimsTable(timeline, claimsById, sources) {
  return el('div', { class: 'table-scroll', role: 'region', 'aria-labelledby': 'table-heading', tabindex: '0' },
    el('table', { class: 'claims', id: 'claims-table' },
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col' }, 'As of'),
        el('th', { scope: 'col', class: 'numeric' }, 'Value'),
        el('th', { scope: 'col' }, 'Qualifier'),
        el('th', { scope: 'col' }, 'Source'),
        el('th', { scope: 'col' }, 'Published'),
        el('th', { scope: 'col' }, 'Quote'),
        el('th', { scope: 'col' }, 'Status'))),
      el('tbody', {}, timeline.map(entry => {
        const claim = claimsById.get(entry.claimId);
        const struck = exclusionText(entry);
        const value = numberNode(entry.value, entry.unit);
        return el('tr', { class: [struck && 'struck'], dataset: { claimId: entry.claimId } },
          el('td', { class: 'as-of' }, asOfNode(entry.asOf)),
          el('td', { class: 'numeric' }, el('a', { href: claimPage(entry.claimId) }, struck ? el('s', {}, value) : value), ' ', el('span', { class: 'unit' }, entry.unit)),
          el('td', {}, qualifierBadge(entry.qualifier)),
          el('td', { class: 'source' },
            swatchNode(sources.get(entry.sourceId).colour),
            el('a', { href: sourcePage(entry.sourceId) }, entry.sourceTitle)),
          el('td', {}, partialDateNode(entry.sourcePublished)),
          el('td', { class: 'quote' }, claim ? (struck ? el('s', {}, claim.quote.text) : claim.quote.text) : ''),
          el('td', { class: 'status' }, statusBadges(entry.status, entry.latestVerdict, entry.excluded), struck ? null : (entry.latestVerdict ? null : 'active')));
      }))));
}

function swatchNode(colour) {
  const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
  swatch.style.backgroundColor = colour;
  return swatch;
}
