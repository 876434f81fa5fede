// Where this widget's `mount` and first render spend their time (bench/README.md, "The banner's own
// start-up"), without changing the product: every function the wasm imports from its glue (the
// DOM and browser calls wasm-bindgen generated: `cookie`, `attachShadow`, `replaceSync`,
// `createElement`…) is wrapped to note when it is first called and when that call returned. In the
// order of those first calls, the gaps between them are the steps of the start: the wasm's own work
// (reading the configuration, the texts, Yew's render — with the lazy compilation of every function
// it calls for the first time) between one browser call and the next, and the browser calls
// themselves. First visits of the bare page (or --page demo), CPU 4x slower, medians of the visits.
//
//   node bench/browser/mount-steps.mjs                       bare page, fast profile, 9 visits
//   node bench/browser/mount-steps.mjs --profile slow --runs 15 --page demo
//
// Needs scripts/build first. The wrappers cost a little on every call (a few hundred calls to the
// banner's paint), so the whole start is slightly slower here than in bench/run: read the steps
// against each other, not against bench/run's figures.
import { launch, profiledPage, stepToolOptions } from './harness.mjs';
import { describe } from './report.mjs';
import { startServer } from './server.mjs';
import { buildVariants } from './variants.mjs';

const { options, profile, runs } = stepToolOptions({ page: 'bare', profile: 'fast', runs: 9 });

// Injected after the benchmark's probe: wraps the imports the glue hands to WebAssembly.instantiate.
function wrapImports() {
  const calls = {};
  window.__importCalls = calls;
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = function (module, imports, ...rest) {
    for (const namespace of Object.values(imports || {})) {
      for (const [key, value] of Object.entries(namespace)) {
        if (typeof value !== 'function') continue;
        const name = /^__wbg_(.+)_[0-9a-f]{16}$/.exec(key)?.[1] ?? key;
        namespace[key] = function (...args) {
          const start = performance.now();
          try {
            return value.apply(this, args);
          } finally {
            if (!calls[name]) calls[name] = { start, end: performance.now() };
          }
        };
      }
    }
    return instantiate.call(this, module, imports, ...rest);
  };
}

const median = (values) => describe(values).median;

const [variant] = buildVariants([options.page], { only: ['jl'] });
const server = await startServer([variant]);
const browser = await launch();
const visits = [];
try {
  for (let run = -1; run < runs; run++) { // run -1: the browser's own first start, not counted
    const { context, page } = await profiledPage(browser, profile, variant.banner, [wrapImports]);
    try {
      await page.goto(`${server.url}/${variant.id}/`);
      await page.waitForFunction(() => window.__bench.visibleAt > 0, null, { timeout: 30000, polling: 50 });
      const visit = await page.evaluate(() => ({ steps: window.__bench.steps, visibleAt: window.__bench.visibleAt, calls: window.__importCalls }));
      if (run >= 0) visits.push(visit);
    } finally {
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}

for (const visit of visits) {
  if (!Number.isFinite(visit.steps.mountStart)) throw new Error('a visit showed the banner without calling the widget\'s `mount` (is dist/ this widget\'s build?)');
  if (!Object.keys(visit.calls).length) throw new Error('no import of the wasm was called: the glue did not instantiate through WebAssembly.instantiate, so nothing was wrapped');
}

// Each visit's rows: the probe's steps and the first call of every import made from `mount` on.
const rowsOf = (visit) => {
  const { steps } = visit;
  const rows = new Map([['`mount` called', steps.mountStart], ['`mount` returned', steps.mountEnd], ['banner in the DOM', steps.inDom], ['banner visible (painted)', visit.visibleAt]]);
  for (const [name, call] of Object.entries(visit.calls)) {
    if (call.start < steps.mountStart || call.start > visit.visibleAt) continue;
    rows.set(`first \`${name}\``, call.start);
    if (call.end - call.start >= 1) rows.set(`first \`${name}\` returned`, call.end);
  }
  return rows;
};
const perVisit = visits.map(rowsOf);
const names = [...new Set(perVisit.flatMap((rows) => [...rows.keys()]))]
  .filter((name) => perVisit.filter((rows) => rows.has(name)).length * 2 > visits.length);
const at = new Map(names.map((name) => [name, median(perVisit.map((rows) => rows.get(name) - rows.get('`mount` called')))]));
// The order is each visit's own (one thread: the calls come in the same order in every visit, but
// the medians of their times need not): rows by their median rank within the visits.
const ranks = perVisit.map((rows) => new Map([...rows].sort((a, b) => a[1] - b[1]).map(([name], rank) => [name, rank])));
const rank = new Map(names.map((name) => [name, median(ranks.map((r) => r.get(name) ?? NaN))]));
names.sort((a, b) => rank.get(a) - rank.get(b) || at.get(a) - at.get(b));

console.log(`This widget's mount and first render, ${options.page} page, ${options.profile} profile (${profile.description}), medians of ${runs} first visits.`);
console.log('Rows: the first call of each function the wasm imports (a browser call), in order; "since the row before" is the median of each visit\'s own difference.\n');
console.log('| step | ms after `mount` was called | ms since the row before |');
console.log('|---|---:|---:|');
let previous = null;
for (const name of names) {
  const since = previous === null ? NaN : median(perVisit.map((rows) => rows.get(name) - rows.get(previous)));
  console.log(`| ${name} | ${at.get(name).toFixed(1)} | ${Number.isFinite(since) ? since.toFixed(1) : ''} |`);
  previous = name;
}
console.log(`\n\`mount\` called at ${median(visits.map((v) => v.steps.mountStart)).toFixed(0)} ms after navigation start (median); the module compiled at ${median(visits.map((v) => v.steps.compiled)).toFixed(0)} ms.`);
