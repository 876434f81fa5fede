// The step table: where a first visit's time goes, for this widget, the bare Yew banner and the
// peers of the bare page, on each page and under the slow and the fast profile. Every step is on
// the page's clock (ms after navigation start), the median over the runs: each banner file's request
// start and last byte (resource timing), first contentful paint, DOMContentLoaded, WebAssembly's
// compile and instantiate and the module's `mount` (from call to result), the banner element
// entering the DOM, and the first frame painted with it visible (the probe, probe.mjs).
import { isPageFile, quantile } from './report.mjs';

/** The profiles the table shows, and where a run keeps that profile's first visit. */
const PROFILES = [
  ['slow', (run) => run.first],
  ['fast', (run) => run.fast],
];

/** The variants the table follows, by embed (the others are in the main table only). */
const FOLLOWED = ['jl', 'floor', 'floor-markup', 'vanilla', 'klaro'];

const median = (values) => {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  return sorted.length ? quantile(sorted, 0.5) : null;
};

/** One variant's rows: [{ label, cells: { slow, fast } }], a cell { from, to, duration } or null. */
function variantRows(variant, runs) {
  const visits = PROFILES.map(([name, pick]) => [name, runs.map(pick).filter((visit) => visit?.steps)]);
  const rows = [];
  const add = (label, from, to = null, duration = false) => {
    const cells = {};
    for (const [name, list] of visits) {
      const start = median(list.map(from));
      const end = to ? median(list.map(to)) : null;
      cells[name] = start === null ? null : { from: start, to: end, duration: duration ? median(list.map((v) => to(v) - from(v))) : null };
    }
    if (Object.values(cells).some((cell) => cell !== null)) rows.push({ label, cells });
  };
  // The banner's files, in the order the slow profile requests them.
  const [, slow] = visits[0];
  const paths = [...new Set(slow.flatMap((visit) => Object.keys(visit.steps.files)))]
    .filter((path) => path.startsWith('/') && !isPageFile(variant.id, path))
    .sort((a, b) => median(slow.map((v) => v.steps.files[a]?.start)) - median(slow.map((v) => v.steps.files[b]?.start)));
  for (const path of paths) add(`\`${path}\`: request start → last byte`, (v) => v.steps.files[path]?.start, (v) => v.steps.files[path]?.end);
  add('first contentful paint (the page)', (v) => v.fcp);
  add('DOMContentLoaded', (v) => v.domContentLoaded);
  add('`WebAssembly.compile`: called → compiled', (v) => v.steps.compileCall, (v) => v.steps.compiled, true);
  add('`WebAssembly.instantiate`: called → instantiated', (v) => v.steps.instantiateCall, (v) => v.steps.instantiated, true);
  add('`mount`: start → return', (v) => v.steps.mountStart, (v) => v.steps.mountEnd, true);
  add('banner element in the DOM', (v) => v.steps.inDom);
  add('**banner visible (painted)**', (v) => v.visible);
  add('long tasks before visible, sum', (v) => v.longTasksBeforeVisible);
  return rows;
}

/** The step table of one page's variants (those it follows, in its order): { profiles, groups }. */
export function stepTable(variants, runs) {
  const followed = FOLLOWED.map((base) => variants.find((v) => v.base === base)).filter(Boolean);
  return {
    profiles: PROFILES.map(([name]) => name),
    groups: followed.map((variant) => ({ variant: variant.id, name: variant.version === 'dist/' || variant.base.startsWith('floor') ? variant.name : `${variant.name} ${variant.version}`, rows: variantRows(variant, runs[variant.id]) })),
  };
}

const ms = (value) => value.toFixed(0);

function stepCell(cell) {
  if (!cell) return '—';
  if (cell.to === null) return ms(cell.from);
  return `${ms(cell.from)} → ${ms(cell.to)}${cell.duration === null ? '' : ` (${ms(cell.duration)})`}`;
}

/** The step table as Markdown. */
export function markdownSteps(table) {
  const lines = [`| step | ${table.profiles.map((p) => `${p} profile`).join(' | ')} |`, `|---|${table.profiles.map(() => '---:').join('|')}|`];
  for (const group of table.groups) {
    lines.push(`| *${group.name}* |${' |'.repeat(table.profiles.length)}`);
    for (const row of group.rows) lines.push(`| ${row.label} | ${table.profiles.map((p) => stepCell(row.cells[p])).join(' | ')} |`);
  }
  return lines.join('\n');
}
