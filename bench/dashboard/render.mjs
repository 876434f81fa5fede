// How long the dashboard takes to show a large stats answer: a year of days (365 daily rows and
// every breakdown), from the moment the answer has arrived to the moment its charts are in the
// page — reading the JSON into the API's types plus Yew's render. Also the dashboard's wasm, raw
// and brotli. Printed, never asserted (a timing would flake).
//
//   node bench/dashboard/render.mjs [--dashboard DIR] [--runs N] [--receipts N]
//
// It seeds a fresh SQLite database with `jl-consent-server bench-seed` (365 days ending
// 2026-06-30), serves DIR (default dashboard/dist, after scripts/build) with that server
// (target/release or target/debug; started as the end-to-end tests start it), signs in from
// headless Chromium and opens the overview of the whole year N times (default 15), each in a
// fresh page.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startProductServer } from '../../tests/e2e/support/product_server.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const option = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const DASHBOARD = option('dashboard', join(ROOT, 'dashboard/dist'));
const RUNS = Number(option('runs', 15));
const RECEIPTS = option('receipts', '50000');
const BINARY = [join(ROOT, 'target/release/jl-consent-server'), join(ROOT, 'target/debug/jl-consent-server')].find(existsSync);
const ACCOUNT = { username: 'bench', password: 'Almaty-Yearly-Render-2026-check' };
const [FROM, TO] = ['2025-07-01', '2026-06-30'];

if (!BINARY) throw new Error('build the server first: cargo build -p jl-consent-server');
const wasm = readdirSync(DASHBOARD).find((name) => name.endsWith('_bg.wasm'));
if (!wasm) throw new Error(`${DASHBOARD} has no wasm: build the dashboard first (scripts/build)`);
const wasmBytes = readFileSync(join(DASHBOARD, wasm));
const brotli = brotliCompressSync(wasmBytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

const server = await startProductServer({
  binary: BINARY, dashboardDir: DASHBOARD, account: ACCOUNT, knownPage: false,
  prepare: (env) => execFileSync(BINARY, ['bench-seed', '--receipts', RECEIPTS, '--days', '365', '--to', TO], { env, stdio: ['ignore', 'ignore', 'inherit'] }),
});
const { url } = server;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const timings = [];
let answerBytes = 0;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const login = await context.request.post(`${url}/api/v1/session`, { data: ACCOUNT, headers: { Origin: url } });
  if (login.status() !== 204) throw new Error(`login failed: ${login.status()}`);
  // The moment the trend chart is in the page, seen by a MutationObserver set up before any script.
  await context.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('svg.chart-svg') && document.querySelector('table.breakdown')) {
        window.__jlRendered = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  for (let run = 0; run <= RUNS; run++) {
    const page = await context.newPage();
    await page.goto(`${url}/dashboard/?from=${FROM}&to=${TO}`);
    await page.waitForFunction(() => window.__jlRendered !== undefined, null, { timeout: 60000 });
    const { arrived, rendered, bytes } = await page.evaluate(() => {
      const answer = performance.getEntriesByType('resource').find((entry) => entry.name.includes('/api/v1/stats'));
      return { arrived: answer.responseEnd, rendered: window.__jlRendered, bytes: answer.decodedBodySize };
    });
    answerBytes = bytes;
    if (run > 0) timings.push(rendered - arrived); // the first run warms the caches
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}

timings.sort((a, b) => a - b);
const median = timings[Math.floor(timings.length / 2)];
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`dashboard ${DASHBOARD}`);
console.log(`wasm ${wasm}: ${kb(wasmBytes.length)} raw, ${kb(brotli)} brotli`);
console.log(`stats answer for ${FROM}..${TO}: ${kb(answerBytes)}`);
console.log(`answer arrived -> charts in the page: median ${median.toFixed(1)} ms, min ${timings[0].toFixed(1)} ms, max ${timings[timings.length - 1].toFixed(1)} ms (${timings.length} runs)`);
console.log(JSON.stringify({ wasmRaw: wasmBytes.length, wasmBrotli: brotli, answerBytes, medianMs: median, runs: timings.length }));
