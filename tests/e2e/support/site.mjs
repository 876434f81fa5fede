// The built demo site, served once per test file, and the selectors the tests share.
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { serveDirectory } from './static_server.mjs';
import { findConsentCookie } from './consent_cookie.mjs';
import { withDeadline } from './wait.mjs';

export { COOKIE_NAME, COOKIE_FORMAT } from './consent_cookie.mjs';
export const DIST = fileURLToPath(new URL('../../../dist/', import.meta.url));
export const PIXEL_PATH = '/pixel.js';

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
  return findConsentCookie(await context.cookies());
}

/**
 * Waits until the loader has settled: stage 2 has taken over the API and either the widget is on
 * the page, or a decision in force has been applied and announced, or the configuration turned the
 * widget off. Whatever the gate opens is opened synchronously before that point.
 */
export async function settled(page) {
  await page.waitForLoadState('load');
  await page.waitForFunction(() => {
    const gate = window.__jlConsentGate;
    if (!gate?.ui) return false;
    if (gate.configuration && !gate.configuration.usable) return true;
    if (gate.state.record) return (window.dataLayer || []).some((entry) => entry.event === 'jl_consent_decision');
    return !!document.querySelector('jl-consent')?.shadowRoot?.querySelector('.jl-banner, .jl-prefs');
  });
}

/**
 * Runs `act` and resolves with the detail of the next `jl-consent:decision` event it causes; fails
 * when none comes within the deadline.
 */
export async function nextDecision(page, act) {
  // Listening starts before `act`: the promise below resolves only once the listener is added.
  const listening = await page.evaluateHandle(() => ({
    seen: new Promise((resolve) => {
      document.addEventListener('jl-consent:decision', (event) => resolve(event.detail), { once: true });
    }),
  }));
  try {
    await act();
    return await withDeadline(listening.evaluate((handle) => handle.seen), 'a jl-consent:decision event');
  } finally {
    await listening.dispose().catch(() => {}); // the page may have gone
  }
}
