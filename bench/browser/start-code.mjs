// What a Yew banner's start compiles (bench/README.md, "The banner's own start-up"): V8 compiles
// a WebAssembly function when it is first called, on the main thread, so the code a banner runs
// before it shows is compiled in its start-up task. This traces first visits of this widget and
// of the bare Yew banner (bench/yew-floor) on one page, CPU 4x slower, and prints, up to the
// banner's paint: how many functions were compiled that way, how many bytes of code they are (the
// same in every visit of one build: a deterministic figure), and the time V8 spent on them.
//
//   node bench/browser/start-code.mjs                         bare page, fast profile, 5 visits each
//   node bench/browser/start-code.mjs --page demo --profile slow --runs 9
//   node bench/browser/start-code.mjs --top 20                 also the 20 largest of the widget's
//                                                              (named by bench/wasm-size's build)
//
// Needs scripts/build and bench/yew-floor/measure first (bench/run's prerequisites).
import { existsSync, readFileSync } from 'node:fs';
import { launch, stepToolOptions, tracedFirstVisit } from './harness.mjs';
import { DIST, FLOOR_BUILT, rootPath } from './paths.mjs';
import { startServer } from './server.mjs';
import { buildVariants } from './variants.mjs';

const { options, profile, runs } = stepToolOptions({ page: 'bare', profile: 'fast', runs: 5 }, { top: 0 });

/** Reads one unsigned LEB128 at `at.offset` of `bytes`, moving the offset past it. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[at.offset++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return value;
}

/**
 * The body size of every function of a module, by function index (imported functions first, as
 * the trace's `func_index` counts them), and the names of its name section when it has one.
 */
function functionsOf(bytes) {
  const at = { offset: 8 };
  const sizes = [];
  const names = new Map();
  let imported = 0;
  const skipLimits = () => { const flags = leb(bytes, at); leb(bytes, at); if (flags & 1) leb(bytes, at); };
  while (at.offset < bytes.length) {
    const section = bytes[at.offset++];
    const end = leb(bytes, at) + at.offset;
    if (section === 2) {
      for (let n = leb(bytes, at); n > 0; n--) {
        for (const _name of ['module', 'field']) {
          const length = leb(bytes, at);
          at.offset += length;
        }
        const kind = bytes[at.offset++];
        if (kind === 0) { leb(bytes, at); imported++; }
        else if (kind === 1) { at.offset++; skipLimits(); }
        else if (kind === 2) skipLimits();
        else if (kind === 3) at.offset += 2;
        else throw new Error(`unknown import kind ${kind}`);
      }
    } else if (section === 10) {
      for (let n = leb(bytes, at), i = 0; i < n; i++) {
        const size = leb(bytes, at);
        sizes[imported + i] = size;
        at.offset += size;
      }
    } else if (section === 0) {
      const nameLength = leb(bytes, at);
      const name = new TextDecoder().decode(bytes.subarray(at.offset, at.offset + nameLength));
      at.offset += nameLength;
      while (name === 'name' && at.offset < end) {
        const kind = bytes[at.offset++];
        const kindEnd = leb(bytes, at) + at.offset;
        if (kind === 1) {
          for (let n = leb(bytes, at); n > 0; n--) {
            const index = leb(bytes, at);
            const length = leb(bytes, at);
            names.set(index, new TextDecoder().decode(bytes.subarray(at.offset, at.offset + length)));
            at.offset += length;
          }
        }
        at.offset = kindEnd;
      }
    }
    at.offset = end;
  }
  return { sizes, names };
}

const banners = [
  { base: 'jl', label: 'this widget', wasm: `${DIST}jl-consent_bg.wasm`, named: rootPath('target/wasm-analysis/jl-consent_bg.wasm') },
  { base: 'floor', label: 'bare Yew banner', wasm: `${FLOOR_BUILT}floor.wasm` },
];
for (const banner of banners) {
  if (!existsSync(banner.wasm)) throw new Error(`${banner.wasm} is missing: run scripts/build and bench/yew-floor/measure first`);
  banner.functions = functionsOf(readFileSync(banner.wasm));
  const named = banner.named && existsSync(banner.named) ? functionsOf(readFileSync(banner.named)) : null;
  // The names belong to this build only if the analysis build has the same functions.
  banner.names = named && named.sizes.join() === banner.functions.sizes.join() ? named.names : new Map();
  banner.visits = [];
}

const variants = buildVariants([options.page], { only: banners.map((b) => b.base) });
const server = await startServer(variants);
const browser = await launch();
const median = (values) => [...values].sort((a, b) => a - b)[(values.length - 1) >> 1];

async function tracedVisit(banner) {
  const variant = variants.find((v) => v.base === banner.base);
  const { visibleAt, events, start } = await tracedFirstVisit(browser, server, variant, profile, ['v8.wasm']);
  const compiled = events.filter((e) => e.name === 'wasm.CompileLazy' && (e.ts - start.ts) / 1000 < visibleAt);
  return { visibleAt, compiled };
}

for (const banner of banners) await tracedVisit(banner); // warm-up: the browser's own first start
for (let run = 0; run < runs; run++) {
  for (const banner of banners) banner.visits.push(await tracedVisit(banner));
}
await browser.close();
await server.close();

console.log(`Functions compiled lazily before the banner is painted, ${options.page} page, ${options.profile} profile (${profile.description}), medians of ${runs} visits:`);
console.log('| | functions | code, KB | compiling, ms (main thread) | of which CPU, ms | banner visible, ms |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const banner of banners) {
  const of = (visit, pick) => visit.compiled.reduce((sum, e) => sum + pick(e), 0);
  const functions = median(banner.visits.map((v) => v.compiled.length));
  const kb = median(banner.visits.map((v) => of(v, (e) => banner.functions.sizes[e.args.func_index] ?? 0))) / 1024;
  const wall = median(banner.visits.map((v) => of(v, (e) => e.dur ?? 0))) / 1000;
  const cpu = median(banner.visits.map((v) => of(v, (e) => e.tdur ?? 0))) / 1000;
  const visible = median(banner.visits.map((v) => v.visibleAt));
  console.log(`| ${banner.label} | ${functions} | ${kb.toFixed(1)} | ${wall.toFixed(1)} | ${cpu.toFixed(1)} | ${visible.toFixed(0)} |`);
}

const top = Number(options.top);
if (top > 0) {
  const [widget] = banners;
  const last = widget.visits[widget.visits.length - 1];
  const largest = [...new Set(last.compiled.map((e) => e.args.func_index))]
    .map((index) => ({ index, size: widget.functions.sizes[index] ?? 0 }))
    .sort((a, b) => b.size - a.size)
    .slice(0, top);
  if (!widget.names.size) console.log('\n(no names: run bench/wasm-size after scripts/build to name them)');
  console.log(`\nThe ${top} largest of this widget's, bytes of code:`);
  for (const { index, size } of largest) {
    const name = widget.names.get(index) ?? `function ${index}`;
    console.log(`${String(size).padStart(7)}  ${name.length > 150 ? `${name.slice(0, 150)}…` : name}`);
  }
}
