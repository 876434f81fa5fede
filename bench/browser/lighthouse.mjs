// Lighthouse 12 (from npm, at an exact version, into bench/browser/lighthouse/ which is git-ignored)
// on the benchmark's pages of this widget and of vanilla-cookieconsent, with Debian's Chromium:
// the mobile preset (simulated slow 4G and 4x CPU) and the desktop one, N interleaved runs each;
// medians of the performance score and of the metrics a PageSpeed audit shows, and their ratios.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { rootPath } from './paths.mjs';
import { describe } from './report.mjs';

export const LIGHTHOUSE_VERSION = '12.2.3';
const PREFIX = rootPath('bench/browser/lighthouse/');
const BIN = join(PREFIX, 'node_modules/.bin/lighthouse');
const CHROME_FLAGS = '--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync';

/** Installs Lighthouse when it is missing (its own folder: the project's node_modules stays small). */
export function installLighthouse({ log = console.error } = {}) {
  if (existsSync(BIN)) return;
  log(`installing lighthouse@${LIGHTHOUSE_VERSION} from npm into bench/browser/lighthouse`);
  execFileSync('npm', ['install', '--prefix', PREFIX, '--no-audit', '--no-fund', '--loglevel=error', `lighthouse@${LIGHTHOUSE_VERSION}`], { stdio: 'inherit' });
}

const METRICS = [
  ['score', 'performance score (higher is better)', (r) => Math.round(r.categories.performance.score * 100)],
  ['fcp', 'first contentful paint, ms', (r) => r.audits['first-contentful-paint'].numericValue],
  ['lcp', 'largest contentful paint, ms', (r) => r.audits['largest-contentful-paint'].numericValue],
  ['tbt', 'total blocking time, ms', (r) => r.audits['total-blocking-time'].numericValue],
  ['cls', 'cumulative layout shift', (r) => r.audits['cumulative-layout-shift'].numericValue],
  ['bytes', 'total bytes, KB', (r) => r.audits['total-byte-weight'].numericValue / 1024],
];

function lighthouseOnce(url, formFactor) {
  const args = [url, '--output=json', '--quiet', '--only-categories=performance', `--chrome-flags=${CHROME_FLAGS}`];
  if (formFactor === 'desktop') args.push('--preset=desktop');
  return new Promise((resolve, reject) => {
    execFile(BIN, args, { env: { ...process.env, CHROME_PATH: process.env.CHROMIUM_PATH || '/usr/bin/chromium' }, maxBuffer: 1 << 28 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`lighthouse ${formFactor} ${url}: ${stderr.trim().split('\n').pop() || error.message}`));
      try {
        const report = JSON.parse(stdout);
        if (report.runtimeError) return reject(new Error(`lighthouse ${formFactor} ${url}: ${report.runtimeError.message}`));
        return resolve(Object.fromEntries(METRICS.map(([key, , get]) => [key, get(report)])));
      } catch (parseError) {
        return reject(parseError);
      }
    });
  });
}

/** { formFactor: { variantId: { metric: stats } } } after `runs` interleaved runs per page. */
export async function runLighthouse(server, variants, runs, log = console.error) {
  const result = { version: LIGHTHOUSE_VERSION, runs, variants: variants.map((v) => ({ id: v.id, name: v.name })), formFactors: {} };
  for (const formFactor of ['mobile', 'desktop']) {
    const values = Object.fromEntries(variants.map((v) => [v.id, []]));
    for (let round = 1; round <= runs; round++) {
      for (const variant of variants) values[variant.id].push(await lighthouseOnce(`${server.url}/${variant.id}/`, formFactor));
      log(`lighthouse ${formFactor}: round ${round}/${runs}`);
    }
    result.formFactors[formFactor] = Object.fromEntries(variants.map((v) => [v.id, Object.fromEntries(METRICS.map(([key]) => [key, describe(values[v.id].map((r) => r[key]))]))]));
  }
  return result;
}

/** The Markdown table: medians per page and this widget ÷ vanilla-cookieconsent. */
export function lighthouseTable(result) {
  const [mine, peer] = result.variants;
  const head = `| Lighthouse ${result.version}, ${result.runs} run(s), medians | ${mine.name} | ${peer.name} | ÷ ${peer.name} |\n|---|---:|---:|---:|`;
  const rows = [];
  for (const [formFactor, byVariant] of Object.entries(result.formFactors)) {
    for (const [key, label] of METRICS) {
      const a = byVariant[mine.id][key].median;
      const b = byVariant[peer.id][key].median;
      const digits = key === 'cls' ? 3 : key === 'bytes' ? 1 : 0;
      const ratio = b ? `${(a / b).toFixed(2)}×` : '—';
      rows.push(`| ${formFactor}: ${label} | ${a.toFixed(digits)} | ${b.toFixed(digits)} | ${ratio} |`);
    }
  }
  return `${head}\n${rows.join('\n')}`;
}
