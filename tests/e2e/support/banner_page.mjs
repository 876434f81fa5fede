// What a cross-engine test reads from the demo page, in one engine-neutral snapshot, the
// selectors it clicks, and the waits built on them. The widget lives in open shadow roots:
// " >>> " steps into one.
import { waitFor } from './wait.mjs';
import { BLANK_PATH } from './recorded_site.mjs';

export const BANNER_BUTTON = (action) => `jl-consent >>> .jl-banner [data-action="${action}"]`;
export const PREFERENCES_BUTTON = (action) => `jl-consent >>> .jl-prefs [data-action="${action}"]`;
export const CATEGORY_SWITCH = (category) => `jl-consent >>> .jl-prefs #jl-cat-${category}`;
export const SETTINGS_CONTROL = 'jl-consent-settings >>> .jl-open';
export const OPEN_PREFERENCES_LINK = 'a[data-jl-consent-open]';

/** The demo's A/B test of two banner texts: every test sees variant "a" unless it asks otherwise. */
export const VARIANT_KEY = 'jl_consent_variant';
export const PINNED_VARIANT = 'a';

/**
 * Runs in the page (self-contained): what the visitor sees and what the gate did. `pixelScripts`
 * counts pixel script elements, the cause of any pixel request. `documentId` is this document's
 * own (set on the first read), so a wait can tell a new page from the one it navigated away from.
 */
export function readPageState() {
  const shown = (element) => !!element && !element.hidden && element.getClientRects().length > 0;
  const box = (element) => {
    if (!shown(element)) return null;
    const { left, top, width, height } = element.getBoundingClientRect();
    return [left, top, width, height].map(Math.round);
  };
  const widget = document.querySelector('jl-consent')?.shadowRoot;
  const bannerElement = widget?.querySelector('.jl-banner');
  const switches = {};
  for (const input of widget?.querySelectorAll('.jl-prefs .jl-switch') ?? []) {
    switches[input.id.replace(/^jl-cat-/, '')] = {
      checked: input.checked, disabled: input.disabled, label: input.labels?.[0]?.textContent.trim() ?? null,
    };
  }
  window.__jlTestDocumentId ??= `${Date.now()}-${Math.random()}`;
  return {
    documentId: window.__jlTestDocumentId,
    path: location.pathname,
    complete: document.readyState === 'complete',
    banner: shown(bannerElement),
    bannerDialog: bannerElement ? {
      role: bannerElement.getAttribute('role'),
      label: widget.getElementById(bannerElement.getAttribute('aria-labelledby'))?.textContent.trim() ?? null,
      text: bannerElement.textContent,
    } : null,
    preferences: shown(widget?.querySelector('.jl-prefs')),
    // Where the open dialog is: a click waits until it stays put.
    dialogBox: box(bannerElement) ?? box(widget?.querySelector('.jl-prefs')),
    settingsControl: shown(document.querySelector('jl-consent-settings')?.shadowRoot?.querySelector('.jl-open')),
    switches,
    consentId: widget?.querySelector('.jl-consent-id')?.textContent.replaceAll('-', '') ?? null,
    decidedAt: widget?.querySelector('.jl-decided-at')?.textContent.trim() ?? null,
    // The banner rises and the preferences fade in: a screenshot or a click waits until they have.
    animating: (widget?.getAnimations?.() ?? []).some((animation) => animation.playState === 'running'),
    pixelScripts: document.querySelectorAll('script[src$="/pixel.js"]').length,
    pixelRan: document.documentElement.hasAttribute('data-demo-pixel-runs'),
    decision: window.JetConsent?.getDecision?.() ?? null,
  };
}

/**
 * Polls the page state until `predicate(state)` holds and resolves with that state; fails after
 * `timeoutMs` naming `what` and the last state seen. A navigation in between (a page that is not
 * there yet) is retried.
 */
export async function waitForPage(visitor, what, predicate, timeoutMs) {
  let state;
  return waitFor(async () => {
    state = await visitor.evaluate(readPageState);
    return predicate(state) && state;
  }, { what, timeoutMs, intervalMs: 50, describe: () => JSON.stringify(state) });
}

/**
 * Like `waitForPage`, and then until the open dialog stands still: no animation running and the
 * same box in two reads in a row. A click on a dialog that is still rising could land beside its
 * button (a driver such as WebKit's clicks once, with no check that the target stayed put).
 */
export async function waitForStill(visitor, what, predicate, timeoutMs) {
  let previous = null;
  return waitForPage(visitor, `${what}, standing still`, (state) => {
    const still = predicate(state) && !state.animating && previous !== null
      && JSON.stringify(state.dialogBox) === JSON.stringify(previous.dialogBox);
    previous = predicate(state) ? state : null;
    return still;
  }, timeoutMs);
}

/**
 * Navigates by `navigate()` (a reload, a link) and waits until the new document — not the one left
 * behind, which had settled already — is at `path` and `predicate(state)` holds.
 */
export async function afterNavigation(visitor, navigate, path, what, predicate) {
  const { documentId } = await visitor.evaluate(readPageState);
  await navigate();
  return waitForPage(visitor, what, (state) => state.documentId !== documentId && state.path === path && predicate(state));
}

/**
 * Pins the A/B variant in the visitor's storage for `siteUrl`'s origin before its first page
 * runs the widget, the same way in every engine (a page without the widget, on that origin, sets it).
 */
export async function pinVariant(visitor, siteUrl, variant = PINNED_VARIANT) {
  await visitor.goto(`${siteUrl}${BLANK_PATH}`);
  await visitor.evaluate((entry) => localStorage.setItem(entry.key, entry.variant), { key: VARIANT_KEY, variant });
}
