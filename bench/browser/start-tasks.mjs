// The main thread's tasks of a first visit, up to the banner's paint (bench/README.md, "The
// banner's own start-up"): this widget's, the bare Yew banner's and the Yew copy of this widget's
// banner (bench/yew-floor; banner-copy.mjs) on one page, from traces. Every task of at least --min
// ms that began before the banner was painted, with what it spent its time on (running scripts,
// WebAssembly compiled on first call, style, layout, paint), then per banner the median of the
// longest task that ran script (on the bare page only the banner's own, and the benchmark probe's
// callback in the frame that paints the banner).
// Without throttling (the default profile here), a task over 50 ms is what "no task over 50 ms"
// counts.
//
//   node bench/browser/start-tasks.mjs                         bare page, no throttling, 5 visits each
//   node bench/browser/start-tasks.mjs --profile fast --page demo --runs 9 --min 30
//
// Needs scripts/build and bench/yew-floor/measure first (bench/run's prerequisites). Tracing slows
// every task a little: compare the banners, and a build with the one before it, in runs of
// this script, not with bench/run's figures.
import { fillBannerCopies } from './banner-copy.mjs';
import { launch, stepToolOptions, tracedFirstVisit } from './harness.mjs';
import { describe } from './report.mjs';
import { startServer } from './server.mjs';
import { buildVariants } from './variants.mjs';

const { options, profile, runs } = stepToolOptions({ page: 'bare', profile: 'unthrottled', runs: 5 }, { min: 15 });
const minMs = Number(options.min);

/** What a task's time went on: trace events (names as Chromium writes them) → the label printed. */
const PARTS = {
  EvaluateScript: 'script',
  'v8.evaluateModule': 'module',
  FunctionCall: 'callback',
  FireAnimationFrame: 'animation frame',
  TimerFire: 'timer',
  'wasm.CompileLazy': 'wasm compiled on first call',
  'wasm.OnBytesReceived': 'wasm bytes decoded',
  ParseHTML: 'HTML parsing',
  UpdateLayoutTree: 'style',
  Layout: 'layout',
  Paint: 'paint',
};
/** The trace event of one main-thread task (with the `toplevel` category traced). */
const TASK_EVENT = 'ThreadControllerImpl::RunTask';
/** A task with one of these ran script. */
const SCRIPT_PARTS = ['EvaluateScript', 'v8.evaluateModule', 'FunctionCall', 'wasm.CompileLazy'];

const banners = [
  { base: 'jl', label: 'this widget' },
  { base: 'floor', label: 'bare Yew banner' },
  { base: 'floor-markup', label: "Yew copy of this widget's banner" },
];
const variants = buildVariants([options.page], { only: banners.map((b) => b.base) });
const server = await startServer(variants);
const browser = await launch();
await fillBannerCopies(variants, browser, server);

async function tracedVisit(banner) {
  const variant = variants.find((v) => v.base === banner.base);
  const { visibleAt, events, start } = await tracedFirstVisit(browser, server, variant, profile, ['devtools.timeline', 'v8.wasm', 'toplevel']);
  const thread = events.find((e) => e.name === 'thread_name' && e.pid === start.pid && e.args?.name === 'CrRendererMain');
  if (!thread) throw new Error(`${variant.id}: no renderer main thread in the trace`);
  const onMain = events.filter((e) => e.pid === thread.pid && e.tid === thread.tid && e.ph === 'X');
  const ms = (ts) => (ts - start.ts) / 1000;
  const tasks = onMain
    .filter((e) => e.name === TASK_EVENT && e.dur / 1000 >= minMs && ms(e.ts) >= 0 && ms(e.ts) < visibleAt)
    .map((task) => {
      const parts = {};
      for (const e of onMain) {
        if (e === task || !(e.name in PARTS) || e.ts < task.ts || e.ts + (e.dur ?? 0) > task.ts + task.dur) continue;
        parts[e.name] = (parts[e.name] ?? 0) + (e.dur ?? 0) / 1000;
      }
      return { at: ms(task.ts), ms: task.dur / 1000, parts };
    });
  return { visibleAt, tasks };
}

for (const banner of banners) {
  banner.visits = [];
  await tracedVisit(banner); // warm-up: the browser's own first start
}
for (let run = 0; run < runs; run++) {
  for (const banner of banners) banner.visits.push(await tracedVisit(banner));
}
await browser.close();
await server.close();

console.log(`Main-thread tasks of ${minMs} ms or more before the banner is painted, ${options.page} page, ${options.profile} profile (${profile.description}); ms after navigation start:`);
for (const banner of banners) {
  for (const [index, visit] of banner.visits.entries()) {
    console.log(`\n${banner.label}, visit ${index + 1}: banner visible at ${visit.visibleAt.toFixed(0)}`);
    for (const task of visit.tasks) {
      const parts = Object.entries(task.parts)
        .filter(([, ms]) => ms >= 1)
        .map(([name, ms]) => `${PARTS[name]} ${ms.toFixed(1)}`)
        .join(', ');
      console.log(`  at ${task.at.toFixed(0).padStart(5)}: ${task.ms.toFixed(1).padStart(6)} ms  ${parts}`);
    }
  }
}
console.log('\n| | longest task that ran script, ms (median; min–max) | visits with one over 50 ms |');
console.log('|---|---:|---:|');
for (const banner of banners) {
  const longest = banner.visits.map((visit) => Math.max(0, ...visit.tasks
    .filter((task) => SCRIPT_PARTS.some((name) => task.parts[name] >= 1))
    .map((task) => task.ms)));
  const over = longest.filter((ms) => ms > 50).length;
  console.log(`| ${banner.label} | ${describe(longest).median.toFixed(1)} (${Math.min(...longest).toFixed(1)}–${Math.max(...longest).toFixed(1)}) | ${over} of ${longest.length} |`);
}
