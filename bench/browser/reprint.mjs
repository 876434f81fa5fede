// Prints the tables of a saved browser benchmark run again, each timing's ratio with its 95 %
// interval (report.mjs, ratioInterval): a run kept as JSON can be read with intervals it was not
// printed with, and two saved runs can be compared without measuring again.
//
//   node bench/browser/reprint.mjs [bench/results/browser.json]
import { readFileSync } from 'node:fs';
import { INTERVAL_LEGEND, textTable, withIntervals } from './report.mjs';

const path = process.argv[2] ?? 'bench/results/browser.json';
let saved;
try {
  saved = JSON.parse(readFileSync(path, 'utf8'));
} catch (error) {
  console.error(`reprint: ${path}: ${error.message}`);
  process.exit(2);
}
if (!Array.isArray(saved.pages)) {
  console.error(`reprint: ${path} is not a saved run of bench/run (no pages)`);
  process.exit(2);
}
const { meta } = saved;
console.log(`${path}: ${meta.mode} run of ${meta.date}, ${meta.runs} rounds, ${meta.commit}${meta.dirty ? ' (with uncommitted changes)' : ''}, ${meta.chromium}`);
for (const page of saved.pages) {
  const figures = page.figures.map((figure) => withIntervals(page.variants, figure));
  console.log(`\n== ${page.name}: ${page.description}\n\n${textTable(page.variants, figures)}`);
}
console.log(`\nCells: median (p25–p75). Ratios: this widget ÷ peer (medians); ${INTERVAL_LEGEND}.`);
