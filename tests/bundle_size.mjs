// What the widget costs a visitor, raw and brotli, file by file — and the budgets that are
// deterministic enough to assert (bytes of the built bundle, never timings):
// - the returning visitor's critical path (stage 1, consent.js) stays within 2 KB brotli;
// - the returning visitor's whole download (both stages) and the first visit stay under ceilings
//   set just above what they are, so that nothing grows unnoticed (bench/README.md: the steps).
// Files a page needs only for what it uses are listed apart: the placeholders of held-back content
// (pages with embeds), the catalogue's texts (pages naming catalogue services, to show them) and
// the cookie declaration's texts and facts (policy pages with a <jl-consent-declaration>).
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';

const DIST = new URL('../dist/', import.meta.url);
const FIRST_VISIT = ['consent.js', 'consent-ui.js', 'jl-consent.js', 'jl-consent_bg.wasm'];
const RETURNING_VISIT = ['consent.js', 'consent-ui.js'];
const CRITICAL_PATH = ['consent.js'];
const ON_DEMAND = ['consent-placeholders.js', 'catalogue-texts.ru.json', 'declaration.ru.json'];
// Raised by what visitors asked for, each measured: the withdrawal's reload and its notice
// in stage 2 (returning visit 11.0 → 12.5 KB), the layered notice and the cookie declaration in
// the wasm (first visit 94.9 → 107.7 KB). The next step is to fetch that code only where it runs.
// Lowered by what paid for itself: wasm-opt no longer inlines every function with one caller
// (first visit 107.9 → 105.1 KB; bench/README.md, "The banner's own start-up").
export const BUDGETS = { criticalPathBrotli: 2048, returningVisitBrotli: 13 * 1024, firstVisitBrotli: 106 * 1024 };

const brotli = (bytes) =>
  brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

function measure(files) {
  return files.map((name) => {
    const bytes = readFileSync(new URL(name, DIST));
    return { name, raw: bytes.length, brotli: brotli(bytes) };
  });
}

const total = (rows) => rows.reduce((sum, r) => ({ raw: sum.raw + r.raw, brotli: sum.brotli + r.brotli }), { raw: 0, brotli: 0 });
const line = (label, t) => console.log(`${label.padEnd(42)} ${kb(t.raw).padStart(9)} ${kb(t.brotli).padStart(10)}`);

const first = measure(FIRST_VISIT);
const figures = { firstVisit: total(first), returningVisit: total(measure(RETURNING_VISIT)), criticalPath: total(measure(CRITICAL_PATH)), files: first };
console.log(`${'file'.padEnd(42)} ${'raw'.padStart(9)} ${'brotli'.padStart(10)}`);
for (const row of first) line(row.name, row);
line('first visit, total', figures.firstVisit);
line('returning visit, total', figures.returningVisit);
line('returning visit, before the pixel', figures.criticalPath);
for (const row of measure(ON_DEMAND)) line(`only where used: ${row.name}`, row);
console.log(JSON.stringify(figures));

const problems = [];
if (figures.criticalPath.brotli > BUDGETS.criticalPathBrotli) {
  problems.push(`consent.js is ${figures.criticalPath.brotli} bytes brotli, over the ${BUDGETS.criticalPathBrotli}-byte budget of the gate`);
}
if (figures.returningVisit.brotli > BUDGETS.returningVisitBrotli) {
  problems.push(`the returning visit is ${figures.returningVisit.brotli} bytes brotli, over the ${BUDGETS.returningVisitBrotli}-byte ceiling`);
}
if (figures.firstVisit.brotli > BUDGETS.firstVisitBrotli) {
  problems.push(`the first visit is ${figures.firstVisit.brotli} bytes brotli, over the ${BUDGETS.firstVisitBrotli}-byte ceiling`);
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
