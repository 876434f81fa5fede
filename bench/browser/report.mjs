// From the runs to the figures: per-run values, medians and spread, this widget's ratio to each
// peer, and the tables (terminal, Markdown) the benchmark prints and writes.
import { PIXEL_PATH } from './variants.mjs';

const KB = 1024;
const MB = 1024 * 1024;

/** The page's own files (identical for all five variants); everything else is the banner's. */
export const isPageFile = (variantId, path) =>
  path === `/${variantId}/` || ['/site.css', '/site.js', '/favicon.svg', PIXEL_PATH].includes(path);

const sum = (rows, pick) => rows.reduce((total, row) => total + pick(row), 0);

/**
 * The figures, in table order. `get(run, ctx)` gives one run's value; all are "lower is better".
 * ctx = { variant, server }: computed sizes come from the files the server sent.
 */
export const FIGURES = [
  {
    key: 'firstBr', group: 'first visit', unit: 'KB', scale: KB, digits: 1, deterministic: true,
    label: 'banner bytes, brotli (files + inline embed)',
    get: (run, ctx) => computed(run, ctx).br,
  },
  {
    key: 'firstGzip', group: 'first visit', unit: 'KB', scale: KB, digits: 1, deterministic: true,
    label: 'banner bytes, gzip',
    get: (run, ctx) => computed(run, ctx).gzip,
  },
  {
    key: 'firstRaw', group: 'first visit', unit: 'KB', scale: KB, digits: 1, deterministic: true,
    label: 'banner bytes, raw (uncompressed)',
    get: (run, ctx) => computed(run, ctx).raw,
  },
  {
    key: 'firstWire', group: 'first visit', unit: 'KB', scale: KB, digits: 1,
    label: 'banner files on the wire (br, incl. headers)',
    get: (run, ctx) => sum(bannerRequests(run.first.requests, ctx), (r) => r.wire),
  },
  {
    key: 'firstPageWire', group: 'first visit', unit: 'KB', scale: KB, digits: 1,
    label: 'whole page on the wire',
    get: (run) => sum(run.first.requests, (r) => r.wire),
  },
  {
    key: 'firstRequests', group: 'first visit', unit: '', scale: 1, digits: 0, deterministic: true,
    label: 'banner requests',
    get: (run, ctx) => bannerRequests(run.first.requests, ctx).length,
  },
  {
    key: 'visible', group: 'first visit', unit: 'ms', scale: 1, digits: 0, timing: true,
    label: 'navigation → banner visible',
    get: (run) => run.first.visible,
  },
  {
    key: 'clickToPixel', group: 'first visit', unit: 'ms', scale: 1, digits: 0, timing: true, click: true,
    label: '"Accept all" click → pixel request',
    get: (run) => run.first.clickToPixel,
  },
  {
    key: 'tbt', group: 'first visit', unit: 'ms', scale: 1, digits: 0, timing: true,
    label: 'total blocking time (to the settle point)',
    get: (run) => run.first.tbt,
  },
  {
    key: 'longTasks', group: 'first visit', unit: '', scale: 1, digits: 0, timing: true,
    label: 'long tasks (count)',
    get: (run) => run.first.longTasks,
  },
  {
    key: 'cls', group: 'first visit', unit: '', scale: 1, digits: 3,
    label: 'cumulative layout shift',
    get: (run) => run.first.cls,
  },
  {
    key: 'heapJs', group: 'first visit', unit: 'MB', scale: MB, digits: 2,
    label: 'JS heap after GC',
    get: (run) => run.first.heap.js,
  },
  {
    key: 'heapTotal', group: 'first visit', unit: 'MB', scale: MB, digits: 2,
    label: 'JS heap + wasm linear memory',
    get: (run) => run.first.heap.js + run.first.heap.wasm,
  },
  {
    key: 'fastVisible', group: 'first visit, fast network (CPU 4×, loopback)', unit: 'ms', scale: 1, digits: 0, timing: true, fast: true,
    label: 'navigation → banner visible',
    get: (run) => run.fast.visible,
  },
  {
    key: 'fastTbt', group: 'first visit, fast network (CPU 4×, loopback)', unit: 'ms', scale: 1, digits: 0, timing: true, fast: true,
    label: 'total blocking time (to the settle point)',
    get: (run) => run.fast.tbt,
  },
  {
    key: 'unthrottledLongest', group: 'first visit, no throttling', unit: 'ms', scale: 1, digits: 0, timing: true, fast: true,
    label: 'longest task (0: none over 50 ms)',
    get: (run) => run.unthrottled.longestTask,
  },
  {
    key: 'warmWire', group: 'returning visitor', unit: 'KB', scale: KB, digits: 1, returning: true,
    label: 'banner bytes fetched, warm cache',
    get: (run, ctx) => sum(bannerRequests(run.warm.requests, ctx), (r) => r.wire),
  },
  {
    key: 'coldWire', group: 'returning visitor', unit: 'KB', scale: KB, digits: 1, returning: true,
    label: 'banner bytes fetched, cold cache',
    get: (run, ctx) => sum(bannerRequests(run.cold.requests, ctx), (r) => r.wire),
  },
  {
    key: 'warmTbt', group: 'returning visitor', unit: 'ms', scale: 1, digits: 0, timing: true, returning: true,
    label: 'total blocking time, warm cache',
    get: (run) => run.warm.tbt,
  },
  {
    key: 'warmPixel', group: 'returning visitor', unit: 'ms', scale: 1, digits: 0, timing: true, returning: true,
    label: 'navigation → pixel request, warm cache',
    get: (run) => run.warm.pixelAt,
  },
  {
    key: 'coldPixel', group: 'returning visitor', unit: 'ms', scale: 1, digits: 0, timing: true, returning: true,
    label: 'navigation → pixel request, cold cache',
    get: (run) => run.cold.pixelAt,
  },
];

function bannerRequests(requests, { variant }) {
  return requests.filter((r) => !isPageFile(variant.id, r.path));
}

/** raw/gzip/brotli of the banner's files (as the server holds them) plus its inline embed. */
function computed(run, { variant, server }) {
  const embed = server.embeds.get(variant.id);
  const total = { ...embed };
  const seen = new Set();
  for (const r of bannerRequests(run.first.requests, { variant })) {
    if (seen.has(r.path)) continue;
    seen.add(r.path);
    const file = server.files.get(r.path);
    if (!file) continue;
    for (const k of ['raw', 'gzip', 'br']) total[k] += file.sizes[k];
  }
  return total;
}

export function quantile(sorted, q) {
  if (sorted.length === 0) return null;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

export function describe(values) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
    min: sorted[0] ?? null,
    max: sorted[sorted.length - 1] ?? null,
  };
}

/** this widget's median ÷ the peer's median (null when undefined: a zero or missing peer median). */
export function ratio(mine, theirs) {
  if (mine === null || theirs === null) return null;
  if (theirs === 0) return mine === 0 ? 1 : null;
  return mine / theirs;
}

/** A small seeded generator (mulberry32): the same runs give the same intervals. */
function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RESAMPLES = 4000;

/**
 * How far this widget's median ÷ a peer's median could move with other rounds of the same run: a
 * 95 % interval by a paired bootstrap. Every round visits each variant once, back to back, so
 * rounds are resampled whole (a busy moment of the machine weighs on both sides of a pair).
 * `mine[i]` and `theirs[i]` are round i's values; null when fewer than five rounds have both, or
 * when a resampled peer median is zero.
 */
export function ratioInterval(mine, theirs) {
  const pairs = mine.map((value, i) => [value, theirs[i]]).filter((pair) => pair.every((v) => typeof v === 'number' && Number.isFinite(v)));
  if (pairs.length < 5) return null;
  const random = seeded(0x9e3779b9);
  const estimates = [];
  for (let r = 0; r < RESAMPLES; r++) {
    const a = [];
    const b = [];
    for (let i = 0; i < pairs.length; i++) {
      const [m, t] = pairs[Math.floor(random() * pairs.length)];
      a.push(m);
      b.push(t);
    }
    const estimate = ratio(describe(a).median, describe(b).median);
    if (estimate === null) return null;
    estimates.push(estimate);
  }
  estimates.sort((x, y) => x - y);
  return { lo: quantile(estimates, 0.025), hi: quantile(estimates, 0.975) };
}

/** Whether a variant has the figure: one that only shows (the floor) is never clicked nor revisited. */
const measures = (variant, figure) => !(variant.firstVisitOnly && (figure.click || figure.returning));

/** Figures with values per variant, stats and ratios, from runs[variantId] = [visitor results]. */
export function aggregate(variants, runs, server, { figures = FIGURES } = {}) {
  const [mine, ...peers] = variants;
  return figures.filter((f) => runs[mine.id].every((run) => (!f.returning || run.warm) && (!f.fast || run.fast))).map((figure) => {
    const values = {};
    const stats = {};
    for (const variant of variants) {
      values[variant.id] = runs[variant.id].map((run) => (measures(variant, figure) ? figure.get(run, { variant, server }) : null));
      stats[variant.id] = describe(values[variant.id]);
    }
    const ratios = Object.fromEntries(peers.map((p) => [p.id, ratio(stats[mine.id].median, stats[p.id].median)]));
    const { get, ...meta } = figure;
    return withIntervals(variants, { ...meta, values, stats, ratios });
  });
}

/** A figure with `intervals[peer]` (ratioInterval) beside its ratios when it is a timing. */
export function withIntervals(variants, figure) {
  const [mine, ...peers] = variants;
  const intervals = Object.fromEntries(peers.map((p) => [p.id, figure.timing ? ratioInterval(figure.values[mine.id], figure.values[p.id]) : null]));
  return { ...figure, intervals };
}

/** Per variant, every file of the first visit with its raw/gzip/brotli size and wire bytes. */
export function filesTable(variants, runs, server) {
  const out = {};
  for (const variant of variants) {
    const byPath = new Map();
    const add = (phase, requests) => {
      for (const r of requests) {
        const row = byPath.get(r.path) ?? { path: r.path, banner: !isPageFile(variant.id, r.path), wire: { first: [], warm: [], cold: [] } };
        row.wire[phase].push(r.wire);
        byPath.set(r.path, row);
      }
    };
    for (const run of runs[variant.id]) {
      add('first', run.first.requests);
      if (run.warm) add('warm', run.warm.requests);
      if (run.cold) add('cold', run.cold.requests);
    }
    const rows = [...byPath.values()].map((row) => {
      const file = server.files.get(row.path);
      const wire = Object.fromEntries(Object.entries(row.wire).map(([k, v]) => [k, v.length ? describe(v).median : null]));
      return { path: row.path, banner: row.banner, ...(file ? file.sizes : { raw: null, gzip: null, br: null }), wire };
    });
    rows.push({ path: '(inline embed in the page)', banner: true, ...server.embeds.get(variant.id), wire: { first: null, warm: null, cold: null } });
    out[variant.id] = rows;
  }
  return out;
}

// ---- formatting

const fmt = (value, figure) => {
  if (value === null || value === undefined) return '—';
  return (value / figure.scale).toFixed(figure.digits);
};

export function cell(stats, figure) {
  if (stats.median === null) return '—';
  const median = fmt(stats.median, figure);
  const lo = fmt(stats.p25, figure);
  const hi = fmt(stats.p75, figure);
  return lo === hi ? median : `${median} (${lo}–${hi})`;
}

export const ratioText = (r) => (r === null ? '—' : `${r.toFixed(2)}×`);

/** What the brackets beside a ratio mean, for the legend under every table that prints them. */
export const INTERVAL_LEGEND = "[lo–hi]: 95 % interval of a timing's ratio, paired bootstrap over the rounds";

/** A ratio with its 95 % interval when it has one: "1.05× [0.93–1.18]". */
export const ratioWithInterval = (r, interval) =>
  (r === null || !interval ? ratioText(r) : `${ratioText(r)} [${interval.lo.toFixed(2)}–${interval.hi.toFixed(2)}]`);

const figureLabel = (f) => `${f.label}${f.unit ? `, ${f.unit}` : ''}`;

/** The one table as Markdown: medians (p25–p75) for all five, then this widget ÷ each peer. */
export function markdownTable(variants, figures) {
  const [mine, ...peers] = variants;
  const head = ['figure', ...variants.map((v) => (v === mine ? `**${v.name}**` : `${v.name} ${v.version}`)),
    ...peers.map((p) => `÷ ${p.label}`)];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  let group = null;
  for (const f of figures) {
    if (f.group !== group) {
      group = f.group;
      lines.push(`| *${group}* |${' |'.repeat(head.length - 1)}`);
    }
    lines.push(`| ${figureLabel(f)} | ${variants.map((v) => cell(f.stats[v.id], f)).join(' | ')} | ${peers.map((p) => ratioText(f.ratios[p.id])).join(' | ')} |`);
  }
  return lines.join('\n');
}

/** The same table for a terminal (fixed-width columns). */
export function textTable(variants, figures) {
  const [, ...peers] = variants;
  const head = ['figure', ...variants.map((v) => v.label), ...peers.map((p) => `÷${p.label}`)];
  const rows = [];
  let group = null;
  for (const f of figures) {
    if (f.group !== group) {
      group = f.group;
      rows.push([`[${group}]`]);
    }
    rows.push([figureLabel(f), ...variants.map((v) => cell(f.stats[v.id], f)), ...peers.map((p) => ratioWithInterval(f.ratios[p.id], f.intervals?.[p.id]))]);
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r) => r.map((c, i) => (i === 0 ? (c ?? '').padEnd(widths[i]) : (c ?? '').padStart(widths[i]))).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Per-variant file list as Markdown (sizes of what the server sent; wire = median first visit). */
export function markdownFiles(variants, files) {
  const out = [];
  for (const v of variants) {
    out.push(`**${v.name} ${v.version}** — banner files`, '', '| file | raw | gzip | brotli | first visit on the wire | returning, warm | returning, cold |', '|---|---:|---:|---:|---:|---:|---:|');
    for (const row of files[v.id].filter((r) => r.banner)) {
      const kb = (n) => (n === null || n === undefined ? '—' : (n / KB).toFixed(1));
      out.push(`| \`${row.path}\` | ${kb(row.raw)} | ${kb(row.gzip)} | ${kb(row.br)} | ${kb(row.wire.first)} | ${kb(row.wire.warm)} | ${kb(row.wire.cold)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
