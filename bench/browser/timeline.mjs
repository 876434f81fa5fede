// Where a first visit's time goes: this widget (and vanilla-cookieconsent for reference) on the
// benchmark's page, N runs under each profile, the median of every step on the page's clock
// (0 = navigation start). Run through bench/timeline; the table goes into bench/README.md by hand.
//
//   node bench/browser/timeline.mjs [--runs N] [--profile slow|fast|both]
//
// Steps, for this widget: each file's request start and last byte (resource timing), the
// WebAssembly compile + instantiate (from the call of WebAssembly.instantiate(Streaming) to its
// result), mount (the wasm's own start-up: configuration, texts, fingerprint, host element, the first
// render when Yew does it synchronously), the banner element in the DOM, and the first frame
// painted with it visible (the benchmark probe's `visibleAt`).
import { buildVariants } from './variants.mjs';
import { launch, PROFILES } from './harness.mjs';
import { probe } from './probe.mjs';
import { startServer } from './server.mjs';

function parseArgs(argv) {
  const options = { runs: 7, profiles: ['slow', 'fast'] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') options.runs = Number(argv[++i]);
    else if (argv[i] === '--profile') options.profiles = argv[++i] === 'both' ? ['slow', 'fast'] : [argv[i]];
    else if (argv[i] === '--help' || argv[i] === '-h') {
      console.log('node bench/browser/timeline.mjs [--runs N] [--profile slow|fast|both]');
      process.exit(0);
    } else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new Error('--runs must be a positive integer');
  for (const p of options.profiles) if (!PROFILES[p]) throw new Error(`--profile: ${p} is not one of ${Object.keys(PROFILES).join(', ')}`);
  return options;
}

// Injected before the page's scripts: times WebAssembly's start-up and the widget's mount, and the
// moment the banner element enters the DOM.
function timelineProbe(banner) {
  if (window.top !== window) return;
  const marks = { instantiateCall: null, instantiated: null, mountStart: null, mountEnd: null, inDom: null };
  Object.defineProperty(window, '__timeline', { value: marks });
  // Exports are frozen (a Proxy may not change them), so the glue gets a copy with mount() timed.
  const wrapExports = (instance) => {
    const exports = { ...instance.exports };
    const mount = exports.mount;
    if (typeof mount === 'function') {
      exports.mount = (...args) => {
        marks.mountStart ??= performance.now();
        try { return mount(...args); } finally { marks.mountEnd ??= performance.now(); }
      };
    }
    return { exports };
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = function (...args) {
      marks.instantiateCall ??= performance.now();
      return original.apply(this, args).then((result) => {
        marks.instantiated ??= performance.now();
        return result instanceof WebAssembly.Instance ? wrapExports(result) : { module: result.module, instance: wrapExports(result.instance) };
      });
    };
  }
  const find = () => {
    let root = document;
    if (banner.host) {
      const host = document.querySelector(banner.host);
      if (!host?.shadowRoot) return null;
      root = host.shadowRoot;
    }
    return root.querySelector(banner.selector);
  };
  const watch = () => {
    if (marks.inDom === null && find()) marks.inDom = performance.now();
    if (marks.inDom === null) queueMicrotask(() => setTimeout(watch, 1));
  };
  new MutationObserver((_, observer) => {
    if (marks.inDom === null && find()) marks.inDom = performance.now();
    if (marks.inDom !== null) observer.disconnect();
  }).observe(document, { childList: true, subtree: true });
  watch();
}

const median = (values) => {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
};

async function oneRun(browser, server, variant, profile) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, locale: 'ru-RU', serviceWorkers: 'block' });
  try {
    await context.addInitScript(probe, variant.banner);
    await context.addInitScript(timelineProbe, variant.banner);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    if (profile.network) await cdp.send('Network.emulateNetworkConditions', profile.network);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpuSlowdown });
    await page.goto(`${server.url}/${variant.id}/`, { waitUntil: 'load', timeout: 60000 });
    await page.waitForFunction(() => window.__bench.visibleAt !== null, null, { timeout: 30000, polling: 50 });
    return await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const files = {};
      for (const e of performance.getEntriesByType('resource')) {
        const path = new URL(e.name).pathname;
        files[path] = { start: e.startTime, end: e.responseEnd };
      }
      return {
        files,
        domContentLoaded: nav.domContentLoadedEventEnd,
        fcp: window.__bench.fcp,
        visible: window.__bench.visibleAt,
        longTasks: window.__bench.longTasks,
        ...window.__timeline,
      };
    });
  } finally {
    await context.close();
  }
}

function rows(runs, variant) {
  const pick = (f) => median(runs.map(f));
  const out = [];
  const fileOrder = variant.id === 'jl'
    ? ['/consent.js', '/consent-ui.js', '/jl-consent.js', '/jl-consent_bg.wasm']
    : Object.keys(runs[0].files).filter((p) => p.startsWith('/peers/'));
  for (const path of fileOrder) {
    out.push([`${path}: request start`, pick((r) => r.files[path]?.start)]);
    out.push([`${path}: last byte`, pick((r) => r.files[path]?.end)]);
  }
  out.push(['DOMContentLoaded', pick((r) => r.domContentLoaded)]);
  if (variant.id === 'jl') {
    out.push(['WebAssembly.instantiate called', pick((r) => r.instantiateCall)]);
    out.push(['compiled and instantiated', pick((r) => r.instantiated)]);
    out.push(['mount starts', pick((r) => r.mountStart)]);
    out.push(['mount returns', pick((r) => r.mountEnd)]);
    out.push(['  mount, duration', pick((r) => r.mountEnd - r.mountStart)]);
    out.push(['  compile + instantiate, duration', pick((r) => r.instantiated - r.instantiateCall)]);
  }
  out.push(['banner element in the DOM', pick((r) => r.inDom)]);
  out.push(['first contentful paint', pick((r) => r.fcp)]);
  out.push(['banner visible (painted)', pick((r) => r.visible)]);
  out.push(['long tasks before visible (ms, sum)', pick((r) => r.longTasks.filter((t) => t.start < r.visible).reduce((s, t) => s + t.duration, 0))]);
  return out;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const variants = buildVariants().filter((v) => v.id === 'jl' || v.id === 'vanilla');
  const server = await startServer(variants);
  const browser = await launch();
  try {
    for (const profileName of options.profiles) {
      const profile = PROFILES[profileName];
      const results = Object.fromEntries(variants.map((v) => [v.id, []]));
      for (const v of variants) await oneRun(browser, server, v, profile); // warm-up (compresses files)
      for (let i = 0; i < options.runs; i++) {
        for (const v of variants) results[v.id].push(await oneRun(browser, server, v, profile));
      }
      console.log(`\n## ${profileName} profile: ${profile.description} — ${options.runs} runs, medians, ms after navigation start\n`);
      for (const v of variants) {
        console.log(`| ${v.name} | ms |\n|---|---:|`);
        for (const [label, value] of rows(results[v.id], v)) console.log(`| ${label} | ${value === null ? '—' : value.toFixed(0)} |`);
        console.log('');
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error) => {
  console.error(error.stack || error.message);
  process.exit(1);
});
