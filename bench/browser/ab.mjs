// An interleaved A/B of two builds of this widget, beside the bare Yew banner, the Yew copy of
// build B's banner (banner-copy.mjs) and vanilla-cookieconsent: how the figures of
// bench/README.md's "The banner's own start-up" compare a change with the build before it. Build B
// is this checkout's dist/; build A is the dist/ of another checkout of the project (a git worktree
// of the commit to compare, built with scripts/build), served by that checkout's own benchmark
// server, so each build is embedded the way its own commit embeds it. Every round visits each
// banner on each page under the slow and the fast profile (CPU 4×), and this widget's two builds
// also without throttling; each round starts one banner further on (harness.mjs, inRoundOrder).
//
//   git worktree add ../before <commit> && (cd ../before && scripts/build)
//   scripts/build && bench/yew-floor/measure
//   node bench/browser/ab.mjs --base ../before [--runs 8] [--pages bare,demo]
//
// Prints per page and profile the medians (navigation → banner visible, banner in the DOM, total
// blocking time to the settle point, the page's own first contentful paint) and the ratios: B ÷ A,
// each build ÷ the bare Yew banner, ÷ the Yew copy and ÷ vanilla-cookieconsent; then the longest
// task of each unthrottled visit.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fillBannerCopies } from './banner-copy.mjs';
import { PROFILES, inRoundOrder, launch, visitor } from './harness.mjs';
import { installPeers } from './peers.mjs';
import { describe, INTERVAL_LEGEND, ratio, ratioInterval, ratioWithInterval } from './report.mjs';
import { startServer } from './server.mjs';
import { buildVariants } from './variants.mjs';

function parseArgs(argv) {
  const options = { base: null, runs: 8, pages: ['bare', 'demo'] };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value`);
      return argv[++i];
    };
    if (argv[i] === '--base') options.base = resolve(value());
    else if (argv[i] === '--runs') options.runs = Number(value());
    else if (argv[i] === '--pages') options.pages = value().split(',');
    else throw new Error(`unknown argument ${argv[i]} (--base DIR [--runs N] [--pages bare,demo])`);
  }
  if (!options.base) throw new Error('--base DIR: the checkout whose dist/ is build A');
  for (const file of ['dist/jl-consent_bg.wasm', 'bench/browser/server.mjs', 'bench/browser/variants.mjs']) {
    if (!existsSync(`${options.base}/${file}`)) throw new Error(`--base ${options.base}: no ${file} (a checkout of the project, built with scripts/build)`);
  }
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error('--runs must be a positive integer');
  return options;
}

const ms = (value) => (Number.isFinite(value) ? value.toFixed(0) : '—');

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`ab: ${error.message}`);
    process.exit(2);
  }
  installPeers();
  const base = pathToFileURL(`${options.base}/bench/browser/`);
  // The other checkout's server serves the peers' files from its own folder too.
  (await import(new URL('peers.mjs', base))).installPeers();
  const baseVariants = (await import(new URL('variants.mjs', base))).buildVariants(options.pages, { only: [] });
  const baseServer = await (await import(new URL('server.mjs', base))).startServer(baseVariants);
  const ownVariants = buildVariants(options.pages, { only: ['vanilla', 'floor', 'floor-markup'] });
  const ownServer = await startServer(ownVariants);
  const browser = await launch();

  const cells = [];
  for (const page of options.pages) {
    for (const variant of baseVariants.filter((v) => v.page === page)) cells.push({ name: 'A', page, variant, server: baseServer });
    for (const variant of ownVariants.filter((v) => v.page === page)) {
      cells.push({ name: variant.base === 'jl' ? 'B' : variant.base, page, variant, server: ownServer });
    }
  }
  const results = new Map();
  try {
    await fillBannerCopies(ownVariants, browser, ownServer);
    for (const cell of cells) await visitor(browser, cell.server, cell.variant, { settleMs: 1000, returning: false });
    for (let round = 1; round <= options.runs; round++) {
      for (const cell of inRoundOrder(cells, round - 1)) {
        for (const [profileName, profile] of Object.entries(PROFILES)) {
          if (profileName === 'unthrottled' && !['A', 'B'].includes(cell.name)) continue;
          const { first, pageErrors } = await visitor(browser, cell.server, cell.variant, { settleMs: 3000, returning: false, profile });
          if (pageErrors.length) throw new Error(`${cell.name} on the ${cell.page} page: ${pageErrors.join('; ')}`);
          const key = `${cell.page}/${profileName}/${cell.name}`;
          if (!results.has(key)) results.set(key, []);
          results.get(key).push({ visible: first.visible, inDom: first.steps?.inDom ?? null, fcp: first.fcp, tbt: first.tbt, longestTask: first.longestTask });
        }
      }
      console.error(`round ${round}/${options.runs}`);
    }
  } finally {
    await browser.close();
    await baseServer.close();
    await ownServer.close();
  }

  const values = (page, profile, name, figure) => (results.get(`${page}/${profile}/${name}`) ?? []).map((run) => run[figure]);
  console.log(`A = ${options.base}/dist, B = this checkout's dist; medians of ${options.runs} visits; ms after navigation start; ${INTERVAL_LEGEND}`);
  for (const page of options.pages) {
    for (const profile of ['slow', 'fast']) {
      const at = (name, figure) => describe(values(page, profile, name, figure)).median;
      // One banner's median ÷ another's, with its interval (every round visits both).
      const times = (mine, theirs, figure) => ratioWithInterval(ratio(at(mine, figure), at(theirs, figure)),
        ratioInterval(values(page, profile, mine, figure), values(page, profile, theirs, figure)));
      console.log(`\n${page} page, ${profile} profile`);
      for (const name of ['A', 'B', 'floor', 'floor-markup', 'vanilla']) {
        console.log(`  ${name.padEnd(12)} visible ${ms(at(name, 'visible')).padStart(5)}  in the DOM ${ms(at(name, 'inDom')).padStart(5)}  total blocking time ${ms(at(name, 'tbt')).padStart(4)}  the page's first contentful paint ${ms(at(name, 'fcp')).padStart(5)}`);
      }
      console.log(`  B ÷ A: visible ${times('B', 'A', 'visible')}, in the DOM ${times('B', 'A', 'inDom')}, total blocking time ${times('B', 'A', 'tbt')}, the page's first contentful paint ${times('B', 'A', 'fcp')}`);
      for (const name of ['A', 'B']) {
        console.log(`  ${name} ÷ the bare Yew banner ${times(name, 'floor', 'visible')}, ÷ the Yew copy of B's banner ${times(name, 'floor-markup', 'visible')}, ÷ vanilla-cookieconsent ${times(name, 'vanilla', 'visible')}; total blocking time ÷ vanilla-cookieconsent's ${times(name, 'vanilla', 'tbt')}`);
      }
    }
    for (const name of ['A', 'B']) {
      const runs = results.get(`${page}/unthrottled/${name}`) ?? [];
      console.log(`${page} page, no throttling, ${name}: longest task per visit (0: none of 50 ms) ${runs.map((run) => ms(run.longestTask)).join(', ')}`);
    }
  }
}

main().catch((error) => {
  console.error(`ab: ${error.stack ?? error.message}`);
  process.exit(1);
});
