// The timeline chart, drawn in SVG: as-of date across, value up (linear or log), one focusable point per claim.
// Colour says which source; shape says the qualifier; hollow dashed points are forecasts; a cross strikes out
// claims that were retracted or rated false.

import { clear, el, replaceChildren, svg, uniqueId } from './dom.js';
import { compactNumber, dateRange, qualifierInfo } from './format.js';

export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#6A3D9A', '#8C564B'];
const DAY = 86_400_000;
const MARKER_RADIUS = 6;

/**
 * Draws the chart into container and redraws it when the container changes width.
 * Each point: { claimId, href, value, unit, qualifier, asOf, excluded, colour, label, tooltip: () => Node[] }.
 */
export function renderChart(container, points, { scale = 'linear', title = 'Timeline' } = {}) {
  container.chartObserver?.disconnect();
  const tooltip = el('div', { class: 'chart-tooltip', role: 'tooltip', id: uniqueId('chart-tooltip'), hidden: true });
  const draw = () => {
    const width = Math.max(280, Math.floor(container.clientWidth || 640));
    const chart = drawSvg(points, { width, scale, title, tooltipId: tooltip.id });
    replaceChildren(container, chart, tooltip);
    wireTooltip(container, chart, tooltip, points);
  };
  draw();
  let lastWidth = container.clientWidth;
  const observer = new ResizeObserver(() => {
    if (Math.abs(container.clientWidth - lastWidth) < 2) return;
    lastWidth = container.clientWidth;
    draw();
  });
  observer.observe(container);
  container.chartObserver = observer;
}

function xRange(asOf) {
  const date = dateRange(asOf?.date);
  if (!date) return null;
  const since = dateRange(asOf?.since);
  // A period's number holds at its end; a date known only to the month or year sits in the middle of its range.
  const centre = since ? date.start + (date.end - date.start) / 2 : (date.start + date.end) / 2;
  return { from: since ? since.start : date.start, to: date.end, centre, precision: date.precision, period: Boolean(since) };
}

function niceStep(span, count) {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10) * power;
}

function linearScale(values, height) {
  const max = Math.max(0, ...values);
  const min = Math.min(0, ...values);
  const step = niceStep((max - min) || Math.abs(max) || 1, Math.max(3, Math.floor(height / 60)));
  const lo = Math.floor(min / step) * step;
  const hi = Math.max(lo + step, Math.ceil((max * 1.04) / step) * step);
  const ticks = [];
  for (let t = lo; t <= hi + step / 2; t += step) ticks.push(t);
  return { lo, hi, ticks, map: v => (v - lo) / (hi - lo), clamped: () => false };
}

function logScale(values, height) {
  const positive = values.filter(v => v > 0);
  const minValue = positive.length ? Math.min(...positive) : 1;
  const maxValue = positive.length ? Math.max(...positive) : 10;
  let lo = Math.floor(Math.log10(minValue));
  let hi = Math.ceil(Math.log10(maxValue));
  if (hi <= lo) hi = lo + 1;
  const decades = hi - lo;
  const multipliers = decades <= 2 && height >= 200 ? [1, 2, 5] : decades <= 4 ? [1, 3] : [1];
  const ticks = [];
  for (let p = lo; p <= hi; p += 1) {
    for (const m of multipliers) {
      const t = m * 10 ** p;
      if (t <= 10 ** hi * 1.0001) ticks.push(t);
    }
  }
  return {
    lo: 10 ** lo,
    hi: 10 ** hi,
    ticks,
    map: v => (v > 0 ? (Math.log10(v) - lo) / (hi - lo) : 0),
    clamped: v => v <= 0,
  };
}

function timeTicks(from, to, plotWidth) {
  const years = (to - from) / (365.25 * DAY);
  const maxTicks = Math.max(2, Math.floor(plotWidth / 72));
  const ticks = [];
  if (years >= 2) {
    const step = [1, 2, 5, 10, 20, 50, 100].find(s => years / s <= maxTicks) ?? 100;
    const first = Math.ceil(new Date(from).getUTCFullYear() / step) * step;
    for (let y = first; Date.UTC(y, 0, 1) <= to; y += step) {
      if (Date.UTC(y, 0, 1) >= from) ticks.push({ at: Date.UTC(y, 0, 1), label: String(y) });
    }
    return ticks;
  }
  const months = Math.max(1, Math.round(years * 12));
  const step = [1, 2, 3, 6, 12].find(s => months / s <= maxTicks) ?? 12;
  const start = new Date(from);
  let year = start.getUTCFullYear();
  let month = Math.ceil(start.getUTCMonth() / step) * step;
  const format = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  for (;;) {
    year += Math.floor(month / 12);
    month %= 12;
    const at = Date.UTC(year, month, 1);
    if (at > to) break;
    if (at >= from) ticks.push({ at, label: format.format(at) });
    month += step;
  }
  return ticks;
}

/** The marker of one qualifier, centred on (x, y); also used by the legend. */
export function markerShape(qualifier, x, y, colour, { excluded = false, r = MARKER_RADIUS } = {}) {
  const fillOpacity = excluded ? 0.3 : 1;
  const parts = [];
  if (qualifier === 'at_least') {
    parts.push(svg('polygon', { class: 'marker', points: `${x},${y - r * 1.3} ${x - r * 1.2},${y + r * 0.8} ${x + r * 1.2},${y + r * 0.8}`, fill: colour, 'fill-opacity': fillOpacity, stroke: colour }));
  } else if (qualifier === 'at_most') {
    parts.push(svg('polygon', { class: 'marker', points: `${x},${y + r * 1.3} ${x - r * 1.2},${y - r * 0.8} ${x + r * 1.2},${y - r * 0.8}`, fill: colour, 'fill-opacity': fillOpacity, stroke: colour }));
  } else if (qualifier === 'forecast') {
    parts.push(svg('circle', { class: 'marker forecast', cx: x, cy: y, r, fill: '#fff', stroke: colour, 'stroke-width': 2, 'stroke-dasharray': '3 2', 'stroke-opacity': excluded ? 0.5 : 1 }));
  } else {
    parts.push(svg('circle', { class: 'marker', cx: x, cy: y, r, fill: colour, 'fill-opacity': fillOpacity, stroke: colour }));
    if (qualifier === 'approximate') {
      parts.push(svg('text', { class: 'marker-glyph', x, y: y - r - 3, 'text-anchor': 'middle', fill: colour, 'aria-hidden': 'true' }, '~'));
    }
  }
  if (excluded) {
    const d = r * 1.1;
    parts.push(svg('path', { class: 'strike', d: `M${x - d},${y - d}L${x + d},${y + d}M${x - d},${y + d}L${x + d},${y - d}` }));
  }
  return parts;
}

function drawSvg(points, { width, scale, title, tooltipId }) {
  const height = Math.round(Math.min(440, Math.max(260, width * 0.48)));
  const hasUndated = points.some(p => !xRange(p.asOf));
  const margin = { top: 24, right: 16, bottom: 40, left: width < 480 ? 52 : 68 };
  const lane = hasUndated ? 64 : 0;
  const plotRight = width - margin.right - lane;
  const plotWidth = plotRight - margin.left;
  const plotHeight = height - margin.top - margin.bottom;

  const ranges = points.map(p => xRange(p.asOf)).filter(Boolean);
  let from = ranges.length ? Math.min(...ranges.map(r => r.from)) : Date.UTC(2000, 0, 1);
  let to = ranges.length ? Math.max(...ranges.map(r => r.to)) : Date.UTC(2001, 0, 1);
  const pad = Math.max(45 * DAY, (to - from) * 0.05);
  from -= pad;
  to += pad;
  const xOf = t => margin.left + ((t - from) / (to - from)) * plotWidth;

  const y = (scale === 'log' ? logScale : linearScale)(points.map(p => p.value), plotHeight);
  // The top 6 % stays free so a point at the scale's maximum is not cut by the chart's edge.
  const yOf = v => margin.top + plotHeight - Math.min(1, Math.max(0, y.map(v))) * plotHeight * 0.94;

  const chart = svg('svg', {
    class: 'chart', width, height, viewBox: `0 0 ${width} ${height}`, role: 'group',
    'aria-label': `${title}: ${points.length} claim${points.length === 1 ? '' : 's'}, value on a ${scale === 'log' ? 'logarithmic' : 'linear'} scale. Tab to each point for its quote and source.`,
  });

  const grid = svg('g', { class: 'grid', 'aria-hidden': 'true' });
  for (const tick of y.ticks) {
    const ty = yOf(tick);
    grid.append(svg('line', { x1: margin.left, x2: plotRight, y1: ty, y2: ty }));
    grid.append(svg('text', { class: 'axis-label', x: margin.left - 8, y: ty + 4, 'text-anchor': 'end' }, compactNumber(tick)));
  }
  for (const tick of timeTicks(from, to, plotWidth)) {
    const tx = xOf(tick.at);
    grid.append(svg('line', { class: 'vertical', x1: tx, x2: tx, y1: margin.top, y2: margin.top + plotHeight }));
    grid.append(svg('text', { class: 'axis-label', x: tx, y: height - margin.bottom + 18, 'text-anchor': 'middle' }, tick.label));
  }
  grid.append(svg('line', { class: 'axis', x1: margin.left, x2: plotRight, y1: margin.top + plotHeight, y2: margin.top + plotHeight }));
  grid.append(svg('line', { class: 'axis', x1: margin.left, x2: margin.left, y1: margin.top, y2: margin.top + plotHeight }));
  grid.append(svg('text', { class: 'axis-title', x: margin.left, y: 14 }, scale === 'log' ? 'value (log scale)' : 'value'));
  grid.append(svg('text', { class: 'axis-title', x: plotRight, y: height - 6, 'text-anchor': 'end' }, 'as of'));
  if (hasUndated) {
    const laneX = plotRight + lane / 2;
    grid.append(svg('line', { class: 'lane', x1: plotRight + 8, x2: plotRight + 8, y1: margin.top, y2: margin.top + plotHeight }));
    grid.append(svg('text', { class: 'axis-label', x: laneX + 4, y: height - margin.bottom + 18, 'text-anchor': 'middle' }, 'undated'));
  }
  chart.append(grid);

  // Place every point, then spread points that would sit on top of each other so each stays visible and focusable.
  const placed = points.map((point, index) => {
    const range = xRange(point.asOf);
    const x = range ? xOf(range.centre) : plotRight + lane / 2 + 4;
    return { point, index, range, x, y: yOf(point.value), clamped: y.clamped(point.value) };
  });
  const stacks = Map.groupBy(placed, p => `${Math.round(p.x / 4)}:${Math.round(p.y / 4)}`);
  for (const stack of stacks.values()) {
    stack.forEach((p, i) => { p.x += (i - (stack.length - 1) / 2) * (MARKER_RADIUS * 2 + 3); });
  }

  const whiskers = svg('g', { class: 'whiskers', 'aria-hidden': 'true' });
  for (const p of placed) {
    if (p.range && (p.range.precision !== 'day' || p.range.period)) {
      whiskers.append(svg('line', { x1: xOf(p.range.from), x2: xOf(p.range.to), y1: p.y, y2: p.y, stroke: p.point.colour }));
    }
  }
  chart.append(whiskers);

  const trend = placed.filter(p => p.range && !p.point.excluded && p.point.qualifier !== 'forecast').sort((a, b) => a.x - b.x);
  const lines = svg('g', { class: 'lines', 'aria-hidden': 'true' });
  if (trend.length >= 2) {
    lines.append(svg('polyline', { class: 'trend', points: trend.map(p => `${p.x},${p.y}`).join(' ') }));
  }
  const last = trend.at(-1);
  if (last) {
    for (const p of placed.filter(q => q.range && !q.point.excluded && q.point.qualifier === 'forecast')) {
      lines.append(svg('line', { class: 'forecast-line', x1: last.x, y1: last.y, x2: p.x, y2: p.y }));
    }
  }
  chart.append(lines);

  const layer = svg('g', { class: 'points' });
  for (const p of placed) {
    const label = p.clamped ? `${p.point.label} (not on the log scale: the value is not positive)` : p.point.label;
    layer.append(svg('a', {
      class: ['point', p.point.excluded && 'excluded', p.point.qualifier === 'forecast' && 'forecast'],
      href: p.point.href,
      'aria-label': label,
      'aria-describedby': tooltipId,
      dataset: { claimId: p.point.claimId, index: String(p.index) },
    },
    svg('circle', { class: 'focus-ring', cx: p.x, cy: p.y, r: MARKER_RADIUS + 5 }),
    svg('circle', { class: 'hit-area', cx: p.x, cy: p.y, r: MARKER_RADIUS + 6 }),
    markerShape(p.point.qualifier, p.x, p.y, p.point.colour, { excluded: p.point.excluded })));
  }
  chart.append(layer);
  return chart;
}

function wireTooltip(container, chart, tooltip, points) {
  let shownFor = null;
  const show = anchor => {
    const point = points[Number(anchor.dataset.index)];
    replaceChildren(tooltip, point.tooltip());
    tooltip.hidden = false;
    shownFor = anchor;
    const box = container.getBoundingClientRect();
    const mark = anchor.querySelector('.focus-ring').getBoundingClientRect();
    const tipWidth = tooltip.offsetWidth;
    const tipHeight = tooltip.offsetHeight;
    let left = mark.left - box.left + mark.width / 2 - tipWidth / 2;
    left = Math.max(4, Math.min(left, box.width - tipWidth - 4));
    let top = mark.top - box.top - tipHeight - 8;
    if (top < 0) top = mark.bottom - box.top + 8;
    tooltip.style.left = `${Math.round(left)}px`;
    tooltip.style.top = `${Math.round(top)}px`;
  };
  const hide = anchor => {
    if (anchor && shownFor !== anchor) return;
    tooltip.hidden = true;
    shownFor = null;
    clear(tooltip);
  };
  for (const anchor of chart.querySelectorAll('a.point')) {
    anchor.addEventListener('mouseenter', () => show(anchor));
    anchor.addEventListener('mouseleave', () => { if (document.activeElement !== anchor) hide(anchor); });
    anchor.addEventListener('focus', () => show(anchor));
    anchor.addEventListener('blur', () => hide(anchor));
    anchor.addEventListener('keydown', event => { if (event.key === 'Escape') hide(anchor); });
  }
}

/** The legend: a swatch per source, then what each marker means. */
export function legendNode(sources, { hasExcluded, qualifiers }) {
  const swatch = (qualifier, colour, options) => {
    const icon = svg('svg', { class: 'legend-icon', width: 26, height: 26, viewBox: '0 0 26 26', 'aria-hidden': 'true' });
    icon.append(...markerShape(qualifier, 13, qualifier === 'approximate' ? 16 : 13, colour, { r: 6, ...options }));
    return icon;
  };
  return el('div', { class: 'legend' },
    el('div', { class: 'legend-group' },
      el('h3', {}, 'Sources'),
      el('ul', {}, sources.map(s => el('li', {}, swatch('exact', s.colour), el('span', {}, s.title))))),
    el('div', { class: 'legend-group' },
      el('h3', {}, 'Markers'),
      el('ul', {},
        Object.keys({ exact: 1, approximate: 1, at_least: 1, at_most: 1, forecast: 1 })
          .filter(q => qualifiers.has(q))
          .map(q => el('li', {}, swatch(q, '#444'), el('span', {}, qualifierInfo(q).label))),
        hasExcluded ? el('li', {}, swatch('exact', '#444', { excluded: true }), el('span', {}, 'retracted or rated false')) : null,
        el('li', {}, el('span', { class: 'legend-line', 'aria-hidden': 'true' }), el('span', {}, 'eligible claims in as-of order')))));
}
