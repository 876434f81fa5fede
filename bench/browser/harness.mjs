// Drives headless Chromium (Debian's, through playwright-core) over the DevTools protocol and
// measures one visitor of one variant: a first visit (banner, "Accept all", pixel) and then two
// returning visits with the stored decision (warm HTTP cache, then cold).
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { ROOT } from './paths.mjs';
import { probe } from './probe.mjs';
import { PIXEL_PATH } from './variants.mjs';

// playwright-core comes from the project's own node_modules (package.json devDependencies).
const require = createRequire(new URL('package.json', ROOT));
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
  // For a diagnostic run only, never a comparison: more flags, space-separated (README: "browser").
  ...(process.env.CHROMIUM_FLAGS ? process.env.CHROMIUM_FLAGS.split(' ') : []),
];

/**
 * The order in which round `round` (0, 1, …) visits `items`: the same list, started one item
 * further on each round. Every variant then comes first, second, … equally often over as many
 * rounds as there are variants, so whatever a visit leaves behind for the next (the browser's
 * caches and processes, the machine's other work) does not always fall on the same variant.
 */
export const inRoundOrder = (items, round) => {
  const start = items.length === 0 ? 0 : round % items.length;
  return [...items.slice(start), ...items.slice(0, start)];
};

/**
 * The profiles a visit runs under (README: "Profile"): `slow` is a phone on a mobile network (4x
 * CPU, 40 ms and 10 Mbit/s), `fast` the same phone on a good connection (4x CPU, loopback
 * unthrottled), where the CPU work before the first paint decides.
 */
export const PROFILES = {
  slow: {
    description: 'CPU 4x slower, 40 ms latency, 10 Mbit/s down, 5 Mbit/s up',
    cpuSlowdown: 4,
    network: { offline: false, latency: 40, downloadThroughput: (10 * 1000 * 1000) / 8, uploadThroughput: (5 * 1000 * 1000) / 8 },
    viewport: { width: 1280, height: 800 },
  },
  fast: {
    description: 'CPU 4x slower, network unthrottled (loopback)',
    cpuSlowdown: 4,
    network: null,
    viewport: { width: 1280, height: 800 },
  },
  unthrottled: {
    description: 'no CPU or network throttling',
    cpuSlowdown: 1,
    network: null,
    viewport: { width: 1280, height: 800 },
  },
};
/** The profile of the main table. */
export const PROFILE = PROFILES.slow;

export class HarnessError extends Error {}

/**
 * The command line of the step tools (start-code, start-tasks, mount-steps): `--page`,
 * `--profile`, `--runs`, with these defaults, and each tool's own string options (`own`: name →
 * default). Returns { options, profile, runs }.
 */
export function stepToolOptions(defaults, own = {}) {
  const strings = { ...defaults, ...own };
  const { values: options } = parseArgs({
    options: Object.fromEntries(Object.entries(strings).map(([name, value]) => [name, { type: 'string', default: String(value) }])),
  });
  const profile = PROFILES[options.profile];
  if (!profile) throw new Error(`--profile: one of ${Object.keys(PROFILES).join(', ')}`);
  const runs = Number(options.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
  return { options, profile, runs };
}

export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** Every request of the page as the DevTools protocol reports it. */
function networkRecorder(cdp) {
  let requests = new Map();
  const get = (id) => requests.get(id);
  cdp.on('Network.requestWillBeSent', (e) => {
    const previous = requests.get(e.requestId);
    if (previous && e.redirectResponse) previous.redirected = true;
    requests.set(e.requestId, {
      url: e.request.url, type: e.type, ts: e.timestamp, status: null, wire: 0, fromCache: null,
      encoding: null, finished: false, failed: null,
    });
  });
  cdp.on('Network.requestServedFromCache', (e) => { if (get(e.requestId)) get(e.requestId).fromCache = 'memory'; });
  cdp.on('Network.responseReceived', (e) => {
    const r = get(e.requestId);
    if (!r) return;
    r.status = e.response.status;
    if (e.response.fromDiskCache) r.fromCache = 'disk';
    if (e.response.fromPrefetchCache) r.fromCache = 'prefetch';
    const headers = Object.fromEntries(Object.entries(e.response.headers || {}).map(([k, v]) => [k.toLowerCase(), v]));
    r.encoding = headers['content-encoding'] || null;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = get(e.requestId);
    if (!r) return;
    r.finished = true;
    r.wire = r.fromCache ? 0 : e.encodedDataLength;
  });
  cdp.on('Network.loadingFailed', (e) => { const r = get(e.requestId); if (r) r.failed = e.errorText; });
  return {
    reset() { requests = new Map(); },
    document: () => [...requests.values()].find((r) => r.type === 'Document'),
    list: () => [...requests.values()],
    pending: () => [...requests.values()].filter((r) => !r.finished && !r.failed).length,
    pixel: () => [...requests.values()].filter((r) => new URL(r.url).pathname === PIXEL_PATH),
  };
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

async function until(condition, timeoutMs, what) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > end) throw new HarnessError(what);
    await sleep(25);
  }
}

/** Waits until no request is pending and none started for `quietMs`. */
async function networkQuiet(net, quietMs, timeoutMs) {
  const end = Date.now() + timeoutMs;
  let count = -1;
  let since = Date.now();
  while (Date.now() < end) {
    const now = net.list().length;
    if (now !== count || net.pending() > 0) {
      count = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      return;
    }
    await sleep(25);
  }
}

async function navigationStart(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const start = metrics.find((m) => m.name === 'NavigationStart');
  if (!start) throw new HarnessError('Performance.getMetrics gave no NavigationStart');
  return start.value;
}

const readProbe = (page) => page.evaluate(() => {
  const b = window.__bench;
  const nav = performance.getEntriesByType('navigation')[0];
  const pixel = performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname === '/pixel.js');
  // Each file's request start and last byte (resource timing), for the step table.
  const files = {};
  for (const e of performance.getEntriesByType('resource')) files[new URL(e.name).pathname] ??= { start: e.startTime, end: e.responseEnd };
  return {
    ...JSON.parse(JSON.stringify(b)),
    files,
    now: performance.now(),
    domContentLoaded: nav ? nav.domContentLoadedEventEnd : null,
    load: nav ? nav.loadEventEnd : null,
    pixelResourceStart: pixel ? pixel.startTime : null,
  };
});

/** Total blocking time, long-task count and total, from long tasks that start before `untilMs`. */
export function blocking(longTasks, untilMs = Infinity) {
  const tasks = longTasks.filter((t) => t.start < untilMs);
  return {
    tbt: tasks.reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0),
    longTasks: tasks.length,
    longTaskTotal: tasks.reduce((sum, t) => sum + t.duration, 0),
    // 0 when no task reached the 50 ms of a long task.
    longestTask: tasks.reduce((most, t) => Math.max(most, t.duration), 0),
  };
}

/** Cumulative layout shift as Chrome defines it: the largest session window (1 s gap, 5 s cap). */
export function cls(shifts, untilMs = Infinity) {
  let best = 0;
  let current = 0;
  let windowStart = -Infinity;
  let last = -Infinity;
  for (const s of shifts.filter((x) => !x.input && x.start < untilMs).sort((a, b) => a.start - b.start)) {
    if (s.start - last > 1000 || s.start - windowStart > 5000) {
      current = 0;
      windowStart = s.start;
    }
    current += s.value;
    last = s.start;
    best = Math.max(best, current);
  }
  return best;
}

function requestsOf(net, origin) {
  // data: URLs (e.g. an inlined icon) are not fetched: not requests of the page to any server.
  return net.list().filter((r) => !/^(data|blob):/.test(r.url)).map((r) => ({
    path: r.url.startsWith(origin) ? new URL(r.url).pathname : r.url,
    sameOrigin: r.url.startsWith(origin),
    status: r.status, wire: r.wire, fromCache: r.fromCache, encoding: r.encoding, failed: r.failed,
  }));
}

function checkResponses(requests, phase) {
  for (const r of requests) {
    if (!r.sameOrigin) throw new HarnessError(`${phase}: a request left the local server: ${r.path}`);
    if (r.failed && !/ERR_ABORTED/.test(r.failed)) throw new HarnessError(`${phase}: ${r.path} failed: ${r.failed}`);
    if (r.status !== null && r.status >= 400) throw new HarnessError(`${phase}: ${r.path} answered ${r.status}`);
  }
}

/**
 * A new context's page as the diagnostic scripts (start-code.mjs, mount-steps.mjs) open one for a
 * first visit: `profile`'s CPU throttling and network, the probe installed for `banner`, then
 * `initScripts`. Returns { context, page }; the caller closes the context.
 */
export async function profiledPage(browser, profile, banner, initScripts = []) {
  const context = await browser.newContext({ viewport: profile.viewport, locale: 'ru-RU', serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpuSlowdown });
    if (profile.network) {
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', profile.network);
    }
    await page.addInitScript(probe, banner);
    for (const script of initScripts) await page.addInitScript(script);
    return { context, page };
  } catch (error) {
    await context.close();
    throw error;
  }
}

/**
 * One first visit of `variant` traced with Chromium's `categories` (plus the navigation's own),
 * until its banner is painted. Returns { visibleAt, events, start }: the probe's paint time, the
 * trace's events and the visit's navigationStart event (times in the trace are microseconds).
 */
export async function tracedFirstVisit(browser, server, variant, profile, categories) {
  const { context, page } = await profiledPage(browser, profile, variant.banner);
  try {
    await browser.startTracing(page, { categories: [...categories, 'blink.user_timing'] });
    await page.goto(`${server.url}/${variant.id}/`);
    await page.waitForFunction(() => window.__bench.visibleAt > 0, null, { timeout: 30000, polling: 50 });
    const visibleAt = await page.evaluate(() => window.__bench.visibleAt);
    const events = JSON.parse(String(await browser.stopTracing())).traceEvents;
    const start = events
      .filter((e) => e.name === 'navigationStart')
      .find((e) => e.args?.data?.documentLoaderURL?.includes(`/${variant.id}/`));
    if (!start) throw new Error(`${variant.id}: no navigationStart in the trace`);
    return { visibleAt, events, start };
  } finally {
    await context.close();
  }
}

/**
 * One visitor: returns { first, warm, cold } for one variant ({ first } alone for a variant that
 * only shows, or when `returning` is false). `settleMs` is the fixed settle
 * point after navigation start (at least 1 s after the banner showed) up to which long tasks and
 * layout shifts count and bytes are summed; the JS heap is read there, after a garbage collection.
 */
export async function visitor(browser, server, variant, { settleMs, returning = true, profile = PROFILE }) {
  const context = await browser.newContext({ viewport: profile.viewport, deviceScaleFactor: 1, locale: 'ru-RU', serviceWorkers: 'block' });
  const pageErrors = [];
  try {
    await context.addInitScript(probe, variant.banner);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
    if (profile.network) await cdp.send('Network.emulateNetworkConditions', profile.network);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpuSlowdown });
    const net = networkRecorder(cdp);
    const url = `${server.url}/${variant.id}/`;

    // ---- first visit: cold cache (a new browser context has an empty HTTP cache; checked below)
    net.reset();
    await page.goto(url, { waitUntil: 'load', timeout: 60000 });
    const navStart = await navigationStart(cdp);
    await page.waitForFunction(() => window.__bench.visibleAt !== null && window.__bench.visibleAt >= 0, null, { timeout: 30000, polling: 50 })
      .catch(() => { throw new HarnessError(`${variant.id}: the banner never became visible (${variant.banner.selector})`); });
    let state = await readProbe(page);
    const settleAt = Math.max(settleMs, state.visibleAt + 1000);
    if (state.now < settleAt) await sleep(settleAt - state.now);
    await networkQuiet(net, 300, 5000);
    state = await readProbe(page);
    const firstRequests = requestsOf(net, server.url);
    checkResponses(firstRequests, `${variant.id} first visit`);
    const cached = firstRequests.filter((r) => r.fromCache);
    if (cached.length) throw new HarnessError(`${variant.id} first visit: served from cache: ${cached.map((r) => r.path).join(', ')}`);
    if (net.pixel().length) throw new HarnessError(`${variant.id}: the pixel was requested before consent`);
    // Every banner is compared on the same page: one that removed the page's own content (Yew
    // empties the element it mounts into) would have less to lay out and paint than the others.
    if (!(await page.evaluate(() => document.querySelector('h1')?.isConnected === true))) {
      throw new HarnessError(`${variant.id}: the page's own heading is gone once the banner showed (a banner must leave the page's content in place)`);
    }

    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const wasmMemory = await page.evaluate(() => window.__benchWasmMemory());
    const shown = {
      navStart,
      // Where the document request starts on the navigation clock (a sanity check of NavigationStart).
      documentRequestAt: net.document() ? (net.document().ts - navStart) * 1000 : null,
      fcp: state.fcp,
      visible: state.visibleAt,
      opaque: state.opaqueAt >= 0 ? state.opaqueAt : null,
      domContentLoaded: state.domContentLoaded,
      load: state.load,
      settleAt,
      ...blocking(state.longTasks, settleAt),
      // Long tasks that started before the banner was painted: the main thread's work up to then.
      longTasksBeforeVisible: blocking(state.longTasks, state.visibleAt).longTaskTotal,
      cls: cls(state.shifts, settleAt),
      heap: { js: heap.usedSize, wasm: wasmMemory, buffers: heap.backingStorageSize ?? null, embedder: heap.embedderHeapUsedSize ?? null },
      steps: { ...state.steps, files: state.files },
      requests: firstRequests,
      probeErrors: state.errors,
    };
    // The floor only shows: nothing to click, no decision to come back to.
    if (variant.firstVisitOnly) return { first: shown, pageErrors };

    await page.locator(variant.accept).click({ timeout: 10000 })
      .catch((error) => { throw new HarnessError(`${variant.id}: could not click "Accept all" (${variant.accept}): ${error.message.split('\n')[0]}`); });
    const pixel = await until(() => net.pixel()[0], 15000, `${variant.id}: no pixel request within 15 s after "Accept all"`);
    await until(() => pixel.finished || pixel.failed, 15000, `${variant.id}: the pixel request did not finish`);
    const afterClick = await readProbe(page);
    if (afterClick.clickAt === null) throw new HarnessError(`${variant.id}: the click was not seen by the page`);
    const pixelAt = (pixel.ts - navStart) * 1000;
    const first = {
      ...shown,
      clickAt: afterClick.clickAt,
      pixelAt,
      clickToPixel: pixelAt - afterClick.clickAt,
      // The same interval in the page's own clock (resource timing), to cross-check the CDP clock.
      clickToPixelResourceTiming: afterClick.pixelResourceStart === null ? null : afterClick.pixelResourceStart - afterClick.clickAt,
    };
    if (!returning) return { first, pageErrors };

    // Let the decision be stored (and any request the click started end) before coming back.
    await networkQuiet(net, 300, 5000);

    const comeBack = async (phase) => {
      net.reset();
      await page.goto(url, { waitUntil: 'load', timeout: 60000 });
      const start = await navigationStart(cdp);
      const hit = await until(() => net.pixel()[0], 15000, `${variant.id} ${phase}: no pixel request on a returning visit`);
      await networkQuiet(net, 500, 10000);
      const seen = await readProbe(page);
      if (seen.visibleAt !== null) throw new HarnessError(`${variant.id} ${phase}: the banner showed again although a decision is stored`);
      const requests = requestsOf(net, server.url);
      checkResponses(requests, `${variant.id} ${phase}`);
      // Long tasks up to here: the page has loaded and its network has been quiet for 0.5 s.
      return { pixelAt: (hit.ts - start) * 1000, ...blocking(seen.longTasks), requests };
    };
    // Returning visit with the HTTP cache the first visit left (what a real visitor has).
    const warm = await comeBack('returning visit (warm cache)');
    // Returning visit with an empty, disabled cache (a visitor whose cache was evicted).
    await cdp.send('Network.clearBrowserCache');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const cold = await comeBack('returning visit (cold cache)');
    return { first, warm, cold, pageErrors };
  } finally {
    await context.close();
  }
}
