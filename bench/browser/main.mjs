// The browser benchmark: this widget, four peer consent banners and the bare Yew banner, on the
// demo page and on a bare page, measured in headless Chromium, N interleaved runs each. Run it
// through bench/run (full) or bench/quick.
//
//   node bench/browser/main.mjs [--runs N] [--quick] [--pages demo,bare] [--only jl,vanilla,...]
//                               [--settle MS] [--no-readme] [--no-chart]
//                               [--budget first=KB,returning=KB] [--lighthouse-runs N]
//
// Each round visits every variant of every page once, each round starting one variant further
// on (harness.mjs, inRoundOrder): a first visit under the main profile (a phone on a mobile
// network), the same first visit on a good connection and with no throttling at all, and on the
// demo page the returning visits. Then Lighthouse 12 (mobile and desktop, N runs
// each, default 3, 1 in quick mode, 0 to skip) on this widget's demo page and
// vanilla-cookieconsent's. --pages bare measures the bare page alone (a quick look at the
// banners' own start-up; nothing written to the README); --only keeps the named banners (this
// widget always stays: ratios are to it). --quick (CI) measures what shows the harness works in
// little time: the demo page's five banners and the bare page's widget and vanilla-cookieconsent,
// without the bare Yew banner (building it is a second Yew compile).
//
// Exit status: 0 when every run completed (timings are reported, never asserted); 1 when the
// harness broke (a banner never showed, no pixel after "Accept all", a pixel before consent, a
// stored decision not honoured, a missing file) or a byte budget given with --budget was exceeded;
// 2 on a bad argument.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { renderChart } from './chart.mjs';
import { HarnessError, inRoundOrder, launch, PROFILE, PROFILES, visitor } from './harness.mjs';
import { installLighthouse, lighthouseTable, runLighthouse } from './lighthouse.mjs';
import { PAGES } from './pages.mjs';
import { DIST, README, RESULTS, rootPath } from './paths.mjs';
import { installPeers, PEER_PACKAGES } from './peers.mjs';
import { aggregate, filesTable, INTERVAL_LEGEND, isPageFile, markdownFiles, markdownTable, textTable } from './report.mjs';
import { fillBannerCopies } from './banner-copy.mjs';
import { startServer } from './server.mjs';
import { markdownSteps, stepTable } from './steps.mjs';
import { buildVariants, EMBED_IDS } from './variants.mjs';

function parseArgs(argv) {
  const options = {
    runs: 15, quick: false, pages: Object.keys(PAGES), only: null, settleMs: 5000, readme: true, chart: true, budget: process.env.JL_BENCH_BUDGET || null, lighthouseRuns: 3,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--runs') options.runs = Number(value());
    else if (arg === '--quick') options.quick = true;
    else if (arg === '--pages') options.pages = value().split(',');
    else if (arg === '--only') options.only = value().split(',');
    else if (arg === '--settle') options.settleMs = Number(value());
    else if (arg === '--no-readme') options.readme = false;
    else if (arg === '--no-chart') options.chart = false;
    else if (arg === '--budget') options.budget = value();
    else if (arg === '--lighthouse-runs') options.lighthouseRuns = Number(value());
    else if (arg === '--help' || arg === '-h') {
      console.log(readFileSync(new URL(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown argument ${arg} (see --help)`);
  }
  if (options.quick) {
    if (!argv.includes('--runs')) options.runs = 2;
    if (!argv.includes('--lighthouse-runs')) options.lighthouseRuns = 1;
    if (!argv.includes('--settle')) options.settleMs = 3000;
    options.readme = false;
  }
  if (options.only) {
    for (const base of options.only) if (!EMBED_IDS.includes(base)) throw new Error(`--only: ${base} is not one of ${EMBED_IDS.join(', ')}`);
    options.readme = false;
  }
  for (const page of options.pages) if (!PAGES[page]) throw new Error(`--pages: ${page} is not one of ${Object.keys(PAGES).join(', ')}`);
  // The README's tables are of both pages; the returning visits and Lighthouse are the demo page's.
  if (!options.pages.includes(PAGES.demo.id) || !options.pages.includes(PAGES.bare.id)) options.readme = false;
  if (!options.pages.includes(PAGES.demo.id)) options.lighthouseRuns = 0;
  if (options.budget && !options.pages.includes(PAGES.demo.id)) throw new Error('--budget needs the demo page (its returning visits)');
  if (options.budget && !/^(first|returning)=\d+(\.\d+)?(,(first|returning)=\d+(\.\d+)?)?$/.test(options.budget)) {
    throw new Error(`--budget ${options.budget}: expected first=KB,returning=KB (either or both)`);
  }
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error('--runs must be a positive integer');
  if (!Number.isInteger(options.lighthouseRuns) || options.lighthouseRuns < 0) throw new Error('--lighthouse-runs must be a whole number (0: no Lighthouse)');
  if (!Number.isFinite(options.settleMs) || options.settleMs < 1000) throw new Error('--settle must be at least 1000 (ms)');
  return options;
}

/**
 * --budget first=KB,returning=KB: this widget's brotli KB (deterministic, as the server holds the
 * files): first visit = its files + inline embed; returning = the files a returning visitor with an
 * empty cache fetches. Returns the failures.
 */
function checkBudget(spec, figures, runs, server) {
  const failures = [];
  const limits = spec.split(',').map((part) => {
    const [name, kb] = part.split('=');
    if (!['first', 'returning'].includes(name) || !(Number(kb) > 0)) throw new Error(`--budget: cannot read "${part}" (first=KB,returning=KB)`);
    return [name, Number(kb) * 1024];
  });
  const measured = {
    first: ['first visit (brotli, files + inline embed)', figures.find((f) => f.key === 'firstBr').stats.jl.median],
    returning: ['returning visit (brotli of the files fetched with an empty cache)', Math.max(...runs.jl.map((run) => run.cold.requests
      .filter((r) => !isPageFile('jl', r.path))
      .reduce((sum, r) => sum + (server.files.get(r.path)?.sizes.br ?? 0), 0)))],
  };
  for (const [name, limit] of limits) {
    const [what, value] = measured[name];
    if (value > limit) failures.push(`budget exceeded: ${what} is ${(value / 1024).toFixed(1)} KB, budget ${(limit / 1024).toFixed(1)} KB`);
    else console.error(`budget ok: ${what} ${(value / 1024).toFixed(1)} KB ≤ ${(limit / 1024).toFixed(1)} KB`);
  }
  return failures;
}

function gitDescribe() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: rootPath(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** Uncommitted changes to what dist/ is built from (null when git is not there). */
function widgetSourcesChanged() {
  try {
    return execFileSync('git', ['status', '--porcelain', '--', 'src', 'core', 'loader', 'styles', 'index.html', 'Cargo.toml', 'Cargo.lock', 'Trunk.toml', 'scripts/build'],
      { cwd: rootPath(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() !== '';
  } catch {
    return null;
  }
}

/** A note when the machine was busy (load average above its core count at the start or end). */
export function busyNote(meta) {
  const load = Math.max(meta.loadAverage.start, meta.loadAverage.end);
  return load > meta.cpu.cores ? `a busy machine (load average up to ${load.toFixed(1)} on ${meta.cpu.cores} cores): timings are noisy, bytes are not` : null;
}

const README_START = '<!-- browser-bench:start (written by bench/run; do not edit by hand) -->';
const README_END = '<!-- browser-bench:end -->';

function updateReadme(result, pages) {
  let text;
  try {
    text = readFileSync(README, 'utf8');
  } catch {
    console.error('bench/README.md not found: table not written there');
    return;
  }
  const start = text.indexOf(README_START);
  const end = text.indexOf(README_END);
  if (start < 0 || end < start) {
    console.error('bench/README.md has no browser-bench markers: table not written there');
    return;
  }
  const { meta } = result;
  const body = [
    README_START,
    '',
    `Latest full run: ${meta.date}, commit ${meta.commit ?? '?'}${meta.dirty ? ' with uncommitted changes to the widget' : ''} (dist/ built ${meta.distBuilt}), ${meta.runs} runs per variant, ${meta.chromium}, ${meta.cpu.model} (${meta.cpu.cores} cores; load average ${meta.loadAverage.start.toFixed(2)} at the start, ${meta.loadAverage.end.toFixed(2)} at the end)${busyNote(meta) ? ` — **${busyNote(meta)}**` : ''}.`,
    'Cells: median (p25–p75); one number when all runs agree. Ratios: this widget ÷ the peer, medians; below 1 means this widget is better (lower) on that figure.',
    '',
    ...pages.flatMap((page) => [
      `#### ${page.name[0].toUpperCase()}${page.name.slice(1)}: ${page.description}`,
      '',
      markdownTable(page.variants, page.figures),
      '',
      `<details><summary>Step table, ${page.name}: ms after navigation start, medians</summary>`,
      '',
      markdownSteps(page.steps),
      '',
      '</details>',
      '',
    ]),
    ...(result.lighthouse ? [lighthouseTable(result.lighthouse), ''] : []),
    '<details><summary>Bytes by file (KB; sizes as served: raw, gzip -9, brotli -q 11; wire: median bytes received incl. headers, 0 = from cache, — = not requested)</summary>',
    '',
    markdownFiles(pages[0].variants, pages[0].files),
    '</details>',
    '',
    README_END,
  ].join('\n');
  writeFileSync(README, text.slice(0, start) + body + text.slice(end + README_END.length));
  console.error('bench/README.md: latest tables written');
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`bench: ${error.message}`);
    process.exit(2);
  }
  const began = Date.now();
  installPeers();
  const variants = buildVariants(options.pages, { only: options.only, quick: options.quick });
  const server = await startServer(variants);
  const browser = await launch();
  const loadStart = loadavg()[0];
  // What is measured is read now: the server holds dist/ in memory from here on.
  const build = {
    commit: gitDescribe(),
    dirty: widgetSourcesChanged(),
    distBuilt: new Date(statSync(join(DIST, 'jl-consent_bg.wasm')).mtimeMs).toISOString(),
  };
  const log = (...parts) => console.error(...parts);
  log(`browser benchmark (${options.quick ? 'quick' : 'full'}): ${options.runs} runs × ${variants.length} variants (${options.pages.join(', ')}), interleaved; settle point ${options.settleMs} ms; ${browser.version()}; serving on ${server.url}`);

  const runs = Object.fromEntries(variants.map((v) => [v.id, []]));
  const pageErrors = [];
  let failure = null;
  try {
    await fillBannerCopies(variants, browser, server);
    // Unmeasured warm-up: one first visit of each variant (the server compresses files on first
    // use; the browser and the OS caches settle).
    for (const variant of variants) await visitor(browser, server, variant, { settleMs: 1000, returning: false });
    log(`warm-up done (${((Date.now() - began) / 1000).toFixed(0)} s)`);
    for (let round = 1; round <= options.runs; round++) {
      const times = [];
      for (const variant of inRoundOrder(variants, round - 1)) {
        const t0 = Date.now();
        // Returning visits test the gate, which is the same on any page: the demo page's.
        const returning = variant.page === PAGES.demo.id;
        const result = await visitor(browser, server, variant, { settleMs: options.settleMs, returning });
        // The same first visit on a good connection (the CPU work decides) and with no throttling
        // at all (is any task long on a fast machine?).
        const extraSettle = Math.min(options.settleMs, 3000);
        const fast = await visitor(browser, server, variant, { settleMs: extraSettle, returning: false, profile: PROFILES.fast });
        const unthrottled = await visitor(browser, server, variant, { settleMs: extraSettle, returning: false, profile: PROFILES.unthrottled });
        result.fast = fast.first;
        result.unthrottled = unthrottled.first;
        runs[variant.id].push(result);
        for (const message of [...result.pageErrors, ...fast.pageErrors, ...unthrottled.pageErrors]) pageErrors.push(`${variant.id}: ${message}`);
        times.push(`${variant.id} ${((Date.now() - t0) / 1000).toFixed(1)}s`);
      }
      log(`round ${round}/${options.runs}: ${times.join(', ')}`);
    }
  } catch (error) {
    failure = error;
  }

  try {
    if (failure) {
      const what = failure instanceof HarnessError ? 'the harness broke' : 'unexpected error';
      console.error(`\nbrowser benchmark: ${what}: ${failure.message}`);
      if (!(failure instanceof HarnessError)) console.error(failure.stack);
      process.exitCode = 1;
      return;
    }
    if (pageErrors.length) {
      console.error(`\nbrowser benchmark: uncaught errors in the pages (a peer misconfigured?):\n  ${[...new Set(pageErrors)].join('\n  ')}`);
      process.exitCode = 1;
      return;
    }
    // Each page's figures, ratios, bytes by file and step table.
    const pages = options.pages.map((id) => {
      const pageVariants = variants.filter((v) => v.page === id);
      return {
        ...PAGES[id],
        variants: pageVariants,
        figures: aggregate(pageVariants, runs, server),
        files: filesTable(pageVariants, runs, server),
        steps: stepTable(pageVariants, runs),
      };
    });
    // Lighthouse on this widget's page and vanilla-cookieconsent's (the size and speed reference).
    let lighthouse = null;
    if (options.lighthouseRuns > 0) {
      installLighthouse({ log });
      lighthouse = await runLighthouse(server, variants.filter((v) => v.page === PAGES.demo.id && (v.base === 'jl' || v.base === 'vanilla')), options.lighthouseRuns, log);
    }
    const meta = {
      date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      mode: options.quick ? 'quick' : 'full',
      runs: options.runs,
      settleMs: options.settleMs,
      ...build,
      chromium: `Chromium ${browser.version()}`,
      node: process.version,
      cpu: { model: cpus()[0]?.model?.trim() ?? '?', cores: cpus().length },
      loadAverage: { start: loadStart, end: loadavg()[0] },
      profile: {
        cpuSlowdown: PROFILE.cpuSlowdown,
        network: { ...PROFILE.network, downloadMbit: (PROFILE.network.downloadThroughput * 8) / 1e6, uploadMbit: (PROFILE.network.uploadThroughput * 8) / 1e6 },
        viewport: PROFILE.viewport,
      },
      peers: PEER_PACKAGES,
      pixelRequestsSeenByServer: server.pixelHits.length,
      durationSeconds: Math.round((Date.now() - began) / 1000),
    };
    const describeVariant = ({ id, base, page, label, name, version, starts, decision }) => ({ id, base, page, label, name, version, starts, decision });
    const result = {
      meta,
      pages: pages.map((page) => ({ ...page, variants: page.variants.map(describeVariant) })),
      lighthouse,
      runs,
    };

    for (const page of pages) {
      console.log(`\n== ${page.name}: ${page.description}\n\n${textTable(page.variants, page.figures)}\n`);
      console.log(`Step table, ${page.name} (ms after navigation start, medians):\n\n${markdownSteps(page.steps)}\n`);
    }
    if (lighthouse) console.log(`${lighthouseTable(lighthouse)}\n`);
    console.log(`Cells: median (p25–p75). Ratios: this widget ÷ peer (medians); < 1 = this widget lower (better); ${INTERVAL_LEGEND}.`);
    if (busyNote(meta)) console.log(`Note: ${busyNote(meta)}.`);
    const crossCheck = Object.values(runs).flat()
      .map((r) => (r.first.clickToPixelResourceTiming == null ? null : Math.abs(r.first.clickToPixelResourceTiming - r.first.clickToPixel)))
      .filter((d) => d !== null);
    if (crossCheck.length) console.log(`Clock cross-check: click → pixel from CDP vs resource timing differ by ${Math.max(...crossCheck).toFixed(1)} ms at most.`);

    mkdirSync(RESULTS, { recursive: true });
    const suffix = options.quick ? '-quick' : '';
    const jsonPath = join(RESULTS, `browser${suffix}.json`);
    writeFileSync(jsonPath, `${JSON.stringify(result, null, 1)}\n`);
    console.log(`JSON: bench/results/browser${suffix}.json`);
    if (options.chart) {
      await renderChart(browser, result, join(RESULTS, `browser${suffix}.png`));
      console.log(`chart: bench/results/browser${suffix}.png`);
    }
    if (options.readme) updateReadme(result, pages);
    if (options.budget) {
      const demo = pages.find((page) => page.id === PAGES.demo.id);
      const failures = checkBudget(options.budget, demo.figures, runs, server);
      if (failures.length) {
        console.error(failures.join('\n'));
        process.exitCode = 1;
      }
    }
    console.error(`done in ${meta.durationSeconds} s`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error) => {
  console.error(error.stack || String(error));
  process.exit(1);
});
