// The built demo site, served once per test file, and the selectors the tests share.
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { serveDirectory } from './static_server.mjs';

export const DIST = fileURLToPath(new URL('../../../dist/', import.meta.url));
export const PIXEL_PATH = '/pixel.js';
export const COOKIE_NAME = 'jl_consent';
export const COOKIE_FORMAT = /^1\|1\|\d{10}\|[0-9A-HJKMNP-TV-Z]{16}\|analytics:[01]\+advertising:[01]$/;

/** Serves dist/ (built by `trunk build --release`); fails clearly when it is missing. */
export async function serveSite(options) {
  if (!existsSync(`${DIST}/index.html`)) {
    throw new Error('dist/ is missing: build the site first (scripts/test does)');
  }
  return serveDirectory(DIST, options);
}

export const banner = (page) => page.locator('jl-consent .jl-banner');
export const preferences = (page) => page.locator('jl-consent .jl-prefs');
export const settingsControl = (page) => page.locator('jl-consent-settings .jl-open');
export const button = (scope, action) => scope.locator(`[data-action="${action}"]`);

/** The consent cookie as the browser stores it, or undefined. */
export async function consentCookie(context) {
  return (await context.cookies()).find((c) => c.name === COOKIE_NAME);
}

/** Waits until the loader has settled (the widget mounted, or the gate decided without it). */
export async function settled(page) {
  await page.waitForLoadState('load');
  await page.waitForFunction(() => typeof window.JetConsent === 'object');
  await page.waitForTimeout(150);
}
