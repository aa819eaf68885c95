// The overview: every platform with its current figures, and the sources behind them.

import { claimPage, getJson, metricPage, sourcePage } from './api.js';
import { el, replaceChildren } from './dom.js';
import { asOfNode, humanize, languageLabel, numberNode, partialDateNode, qualifierBadge } from './format.js';
import { initLayout, loadCatalog, problemNode, setTitle } from './layout.js';

initLayout();
setTitle('Figures');
renderFigures();
renderSources();

async function renderFigures() {
  const container = document.getElementById('overview');
  try {
    const [catalog, { data: figures }] = await Promise.all([loadCatalog(), getJson('/api/figures')]);
    const byPlatform = Map.groupBy(figures, f => f.platform);
    const platforms = [...byPlatform.keys()].sort((a, b) => catalog.platformName(a).localeCompare(catalog.platformName(b)));
    const without = catalog.platforms.filter(p => !byPlatform.has(p.id)).map(p => p.name);
    replaceChildren(container,
      figures.length === 0 ? el('p', { class: 'empty' }, 'The ledger has no figures yet.') : null,
      platforms.map(platform => platformSection(catalog, platform, byPlatform.get(platform))),
      without.length ? el('p', { class: 'hint' }, `No figures yet for: ${without.join(', ')}.`) : null);
  } catch (error) {
    replaceChildren(container, problemNode(error, { context: 'The figures could not be loaded' }));
  }
}

function platformSection(catalog, platform, figures) {
  const headingId = `platform-${platform}`;
  return el('section', { class: 'platform', 'aria-labelledby': headingId, dataset: { platform } },
    el('h2', { id: headingId }, catalog.platformName(platform)),
    el('div', { class: 'table-scroll', role: 'region', 'aria-label': `${catalog.platformName(platform)} figures`, tabindex: '0' },
      el('table', { class: 'figures' },
        el('colgroup', {}, ['metric', 'figure', 'qualifier', 'as-of', 'sources', 'conflicts', 'from'].map(name => el('col', { class: `col-${name}` }))),
        el('thead', {}, el('tr', {},
          el('th', { scope: 'col' }, 'Metric'),
          el('th', { scope: 'col', class: 'numeric' }, 'Figure'),
          el('th', { scope: 'col' }, 'Qualifier'),
          el('th', { scope: 'col' }, 'As of'),
          el('th', { scope: 'col', class: 'numeric' }, 'Sources'),
          el('th', { scope: 'col' }, 'Conflicts'),
          el('th', { scope: 'col' }, 'From'))),
        el('tbody', {}, figures
          .sort((a, b) => catalog.metricName(a.metric).localeCompare(catalog.metricName(b.metric)))
          .map(figure => figureRow(catalog, figure))))));
}

/** The figure's own source plus the distinct sources of the supporting claims listed (the latest few). */
function supportingSources(figure) {
  return new Set([figure.sourceId, ...figure.supporting.map(c => c.sourceId)]);
}

function figureRow(catalog, figure) {
  const sources = supportingSources(figure);
  const unlistedSupport = figure.supportingTotal - figure.supporting.length;
  const conflicts = figure.conflictsTotal;
  const unlistedConflicts = conflicts - figure.conflicts.length;
  const forecasts = figure.forecastsTotal;
  const metric = catalog.metric(figure.metric);
  const page = metricPage(figure.platform, figure.metric);
  const conflictTitle = figure.conflicts.map(c => `${c.sourceTitle}: ${c.value}`)
    .concat(unlistedConflicts > 0 ? [`and ${unlistedConflicts} more`] : []).join('\n');
  return el('tr', { dataset: { platform: figure.platform, metric: figure.metric } },
    el('th', { scope: 'row' },
      el('a', { href: page, title: metric?.definition ?? null }, metric?.name ?? humanize(figure.metric))),
    el('td', { class: 'numeric figure-value' }, numberNode(figure.value, figure.unit), ' ', el('span', { class: 'unit' }, figure.unit)),
    el('td', {}, qualifierBadge(figure.qualifier)),
    el('td', { class: 'as-of' }, asOfNode(figure.asOf)),
    el('td', {
      class: 'numeric source-count',
      title: unlistedSupport > 0
        ? `At least ${sources.size} sources: the figure's own and ${figure.supportingTotal} supporting claims (sources counted among the latest ${figure.supporting.length})`
        : `${sources.size} source(s): the figure's own and ${figure.supportingTotal} supporting claim(s)`,
    }, unlistedSupport > 0 ? `${sources.size}+` : String(sources.size)),
    el('td', { class: 'conflicts' },
      conflicts
        ? el('span', { class: 'conflict-marker', title: conflictTitle },
          el('span', { 'aria-hidden': 'true' }, '⚠ '), `${conflicts} conflicting`)
        : el('span', { class: 'none' }, 'none'),
      unlistedConflicts > 0 ? [' ', el('a', { class: 'more', href: page }, `(${figure.conflicts.length} listed, and ${unlistedConflicts} more)`)] : null,
      forecasts ? el('span', { class: 'forecast-count' }, ` · ${forecasts} forecast${forecasts > 1 ? 's' : ''}`) : null),
    el('td', { class: 'from' },
      el('a', { href: claimPage(figure.claimId) }, figure.sourceTitle),
      ' ', el('span', { class: 'published' }, '(', partialDateNode(figure.sourcePublished), ')')));
}

async function renderSources() {
  const container = document.getElementById('source-list');
  try {
    const { data: sources } = await getJson('/api/pages/sources');
    if (sources.length === 0) {
      replaceChildren(container, el('p', { class: 'empty' }, 'No sources are registered yet.'));
      return;
    }
    replaceChildren(container, el('ul', { class: 'source-list' }, sources.map(source => el('li', {},
      el('a', { href: sourcePage(source.sourceId) }, source.title),
      el('span', { class: 'meta' },
        ` — ${source.publisher ?? 'unknown publisher'}, `, partialDateNode(source.published), `, ${languageLabel(source.language)}, `,
        `${source.claimCount} claim${source.claimCount === 1 ? '' : 's'}`)))));
  } catch (error) {
    replaceChildren(container, problemNode(error, { context: 'The sources could not be loaded' }));
  }
}
