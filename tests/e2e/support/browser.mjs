// Headless Chromium for the end-to-end tests, with the page's network and errors recorded.
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** Launches Chromium (Playwright gives every launch a fresh, empty profile). */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/**
 * A new isolated visitor (its own cookies) with a recorder of requests, uncaught page errors
 * and console messages.
 */
export async function newVisitor(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
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
