// The built site with two real analytics SDKs held back on its pages (tests/fixtures/trackers/),
// and the SDKs' made-up vendor hosts answered by the same server, which the visitor's browser uses
// as its HTTP proxy: every request to a vendor is seen here, with its host, in every engine (WebKit's
// classic WebDriver shows no network at all).
//
// The fixture's pages get a probe first in their <head> (this is the test's own instrument, not part
// of the page): it keeps what the page view started with (cookies, storage keys: what the page view
// before left behind) in `window.__trackerProbe`, and reports each decision event to the server, with
// the page's clock, so a vendor request can be placed before or after it by the moment the SDK
// stamped on it.
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { SITE_ROOT } from './recorded_site.mjs';
import { contentType, serveDirectory } from './static_server.mjs';
import { PATIENCE_MS, waitFor } from './wait.mjs';

const FIXTURES = fileURLToPath(new URL('../../fixtures/trackers/', import.meta.url));
const NODE_MODULES = fileURLToPath(new URL('../../../node_modules/', import.meta.url));

/** Each vendor's made-up hosts. */
export const VENDOR_HOSTS = {
  posthog: ['eu.posthog.example'],
  mixpanel: ['cdn.mixpanel.example', 'api-js.mixpanel.example'],
};
const VENDOR_OF_HOST = Object.fromEntries(Object.entries(VENDOR_HOSTS).flatMap(([vendor, hosts]) => hosts.map((host) => [host, vendor])));

/** The page with both SDKs held back, and where the fixture's pages are served. */
export const TRACKER_PAGE = '/trackers/held-back.html';
/** The same for a site that turns the reload off and stops its vendors itself. */
export const SINGLE_PAGE_APP = '/trackers/single-page-app.html';
const FIXTURE_PREFIX = '/trackers/';
const PROBE_PATH = '/__probe';
const LOG_PATH = '/api/v1/events';

// Runs first on every fixture page (see the top of this file).
const PROBE = `<script>(() => {
  const keys = (name) => { try { return Object.keys(window[name]); } catch { return null; } };
  window.__trackerProbe = { start: { cookie: document.cookie, localStorage: keys('localStorage'), sessionStorage: keys('sessionStorage') } };
  const tell = (body) => { try { navigator.sendBeacon(${JSON.stringify(PROBE_PATH)}, JSON.stringify(body)); } catch { /* no beacon */ } };
  for (const name of ['decision', 'first-decision', 'change']) {
    document.addEventListener('jl-consent:' + name, (event) => {
      if (!event.detail.initial) tell({ event: name, at: Date.now(), page: location.pathname, detail: event.detail });
    });
  }
})();</script>`;


// A PostHog project's remote configuration as its servers give it by default: autocapture on (the
// SDK keeps it off until the server says so), no recordings, surveys, heatmaps or feature flags.
const POSTHOG_REMOTE_CONFIG = {
  autocapture_opt_out: false, supportedCompression: ['gzip', 'gzip-js'], sessionRecording: false, heatmaps: false,
  surveys: false, capturePerformance: false, autocaptureExceptions: false, hasFeatureFlags: false,
};

// The vendor's answer, as tests/fixtures/trackers/README.md describes it.
function vendorAnswer(vendor, host, url) {
  const json = (value) => ({ type: 'application/json', body: JSON.stringify(value) });
  if (vendor === 'posthog') {
    const asset = /^\/static\/([\w.-]+\.js)$/.exec(url.pathname);
    if (asset) return { file: join(NODE_MODULES, 'posthog-js/dist', asset[1]) };
    const remoteConfig = /^\/array\/([\w-]+)\/config(\.js)?$/.exec(url.pathname);
    if (remoteConfig) {
      const config = { token: remoteConfig[1], ...POSTHOG_REMOTE_CONFIG };
      if (!remoteConfig[2]) return json(config);
      const token = JSON.stringify(remoteConfig[1]);
      return { body: `(function(){var c=window._POSTHOG_REMOTE_CONFIG=window._POSTHOG_REMOTE_CONFIG||{};c[${token}]={config:${JSON.stringify(config)},siteApps:[]};})();` };
    }
    if (url.pathname.startsWith('/flags')) return json({ flags: {}, featureFlags: {}, featureFlagPayloads: {}, errorsWhileComputingFlags: false });
    return json({ status: 1 });
  }
  if (host === 'cdn.mixpanel.example') {
    return url.pathname === '/libs/mixpanel-2-latest.min.js' ? { file: join(NODE_MODULES, 'mixpanel-browser/dist/mixpanel.min.js') } : { status: 404 };
  }
  return url.searchParams.get('verbose') === '1' ? json({ status: 1, error: null }) : { type: 'text/plain', body: '1' };
}

// What an SDK's request says of itself: when it was sent, by the SDK's own stamp (the page's clock,
// ms: Mixpanel's `_` in the query, PostHog's `sent_at` in the query or in its JSON body), and the
// names of the events it carries. Bodies are JSON, gzipped JSON, or base64 JSON in a `data=` form
// (Mixpanel's, and PostHog's by sendBeacon).
function readVendorRequest(url, body) {
  let text = body.toString('latin1');
  try {
    if (body[0] === 0x1f && body[1] === 0x8b) text = gunzipSync(body).toString('utf8');
    else if (text.startsWith('data=')) text = Buffer.from(decodeURIComponent(text.slice(5)), 'base64').toString('utf8');
  } catch { /* not what it looked like */ }
  const events = [...text.matchAll(/"event":"([^"]+)"/g)].map((match) => match[1]);
  const query = Number(url.searchParams.get('_') ?? url.searchParams.get('sent_at'));
  if (Number.isFinite(query) && query > 0) return { sentAt: query, events };
  const stamp = /"sent_at":"([^"]+)"/.exec(text)?.[1];
  const at = stamp ? Date.parse(stamp) : NaN;
  return { sentAt: Number.isFinite(at) ? at : null, events };
}

const readBody = (request) => new Promise((resolve) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => resolve(Buffer.concat(chunks)));
  request.on('error', () => resolve(Buffer.alloc(0)));
});

/**
 * Serves the built site (`root`, default the build under test) with the fixture's pages at
 * /trackers/ and the vendor hosts, on a free port. Resolves with `url` (the site), `proxy`
 * (host:port, for the visitor's browser), every request seen (`requests`: {seq, at, host, path,
 * query, method, cookie, vendor, sentAt, events}), the probe's decision reports (`decisions`: {event, at,
 * page, detail, seq}), the consent
 * log's receipts (`receipts`), `vendorRequests()`, `waitFor(what, predicate, timeoutMs)` and `close()`.
 */
export async function serveTrackerSite({ root = SITE_ROOT } = {}) {
  const requests = [];
  const decisions = [];
  const receipts = [];

  const server = await serveDirectory(root, {
    intercept(path, response, request) {
      const url = new URL(request.url, 'http://site.invalid');
      const host = String(request.headers.host ?? '').replace(/:\d+$/, '');
      const vendor = VENDOR_OF_HOST[host] ?? null;
      requests.push({
        seq: requests.length, at: Date.now(), host, path, query: url.search, method: request.method,
        cookie: request.headers.cookie ?? '', vendor, sentAt: null, events: [],
      });
      const origin = request.headers.origin;
      if (vendor) {
        const cors = origin ? {
          'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true',
          'Access-Control-Allow-Headers': request.headers['access-control-request-headers'] ?? '*',
          'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
        } : {};
        if (request.method === 'OPTIONS') {
          response.writeHead(204, cors).end();
          return true;
        }
        const entry = requests.at(-1);
        readBody(request).then(async (body) => {
          Object.assign(entry, readVendorRequest(url, body));
          const answer = vendorAnswer(vendor, host, url);
          const reply = answer.file ? await readFile(answer.file).catch(() => null) : answer.body;
          if (reply === null || answer.status === 404) response.writeHead(404, cors).end();
          else response.writeHead(200, { ...cors, 'Content-Type': answer.type ?? contentType('script.js'), 'Cache-Control': 'no-store' }).end(reply);
        });
        return true;
      }
      if (path === PROBE_PATH || path === LOG_PATH) {
        const seq = requests.length - 1;
        readBody(request).then((bytes) => {
          const text = bytes.toString('utf8');
          try {
            if (path === PROBE_PATH) decisions.push({ ...JSON.parse(text), seq });
            else receipts.push(...JSON.parse(text).events);
          } catch { /* not JSON: not counted */ }
          response.writeHead(path === LOG_PATH ? 202 : 204).end();
        });
        return true;
      }
      if (path.startsWith(FIXTURE_PREFIX)) {
        const file = normalize(join(FIXTURES, path.slice(FIXTURE_PREFIX.length)));
        if (!file.startsWith(FIXTURES)) return false;
        readFile(file, 'utf8').then((text) => {
          const type = contentType(file);
          response.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
          response.end(type.startsWith('text/html') ? text.replace('<head>', `<head>\n${PROBE}`) : text);
        }, () => response.writeHead(404).end());
        return true;
      }
      return false;
    },
  });
  const proxy = server.url.replace(/^http:\/\//, '');
  return {
    url: server.url,
    proxy,
    requests,
    decisions,
    receipts,
    /** Requests to the vendors' hosts (`vendor` for one of them). */
    vendorRequests: (vendor) => requests.filter((r) => (vendor ? r.vendor === vendor : r.vendor !== null)),
    /** Resolves once `predicate()` holds; fails after `timeoutMs` naming `what` and the requests seen. */
    waitFor: (what, predicate, timeoutMs = PATIENCE_MS) => waitFor(predicate, {
      what, timeoutMs, describe: () => requests.map((r) => `${r.host}${r.path}`).join(' '),
    }),
    close: server.close,
  };
}
