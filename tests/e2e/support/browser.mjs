// Headless Chromium for the end-to-end tests, with the page's network and errors recorded.
import { chromium } from 'playwright-core';
import { withDeadline } from './wait.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/**
 * Launches Chromium (Playwright gives every launch a fresh, empty profile). `*.jetfin.test` resolves
 * to this machine, so tests can use real host names (cookie domains need them).
 */
export function launchBrowser(extraArgs = []) {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [...ARGS, '--host-resolver-rules=MAP *.jetfin.test 127.0.0.1, MAP jetfin.test 127.0.0.1', ...extraArgs],
  });
}

/** Records Content-Security-Policy violations in the page (call before navigating). */
export async function recordCspViolations(page) {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return () => page.evaluate(() => window.__cspViolations);
}

/**
 * A new isolated visitor (its own cookies) with a recorder of requests, uncaught page errors
 * and console messages; `variant` pins the demo's A/B variant (null: let the widget choose).
 */
export async function newVisitor(browser, { variant = 'a', ...options } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  // The demo runs an A/B test of two banner texts; tests see variant "a" unless they ask otherwise.
  if (variant) {
    await context.addInitScript((id) => {
      try { localStorage.setItem('jl_consent_variant', id); } catch { /* storage blocked */ }
    }, variant);
  }
  const page = await context.newPage();
  const record = { requests: [], pageErrors: [], console: [] };
  page.on('request', (request) => record.requests.push(request.url()));
  page.on('pageerror', (error) => record.pageErrors.push(error.message));
  page.on('console', (message) => record.console.push(`${message.type()}: ${message.text()}`));
  return { context, page, record };
}

/** Requests so far whose path is `path`. */
export function requestsTo(record, path) {
  return record.requests.filter((url) => new URL(url).pathname === path);
}

/** Resolves once the page has painted two more frames: what a change shows has been drawn. */
export function painted(page) {
  return withDeadline(
    page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))),
    'the page to paint',
  );
}
