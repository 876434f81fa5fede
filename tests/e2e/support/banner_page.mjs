// What a cross-engine test reads from the demo page, in one engine-neutral snapshot, and the
// selectors it clicks. The widget lives in open shadow roots: " >>> " steps into one.

export const BANNER_BUTTON = (action) => `jl-consent >>> .jl-banner [data-action="${action}"]`;
export const PREFERENCES_BUTTON = (action) => `jl-consent >>> .jl-prefs [data-action="${action}"]`;
export const CATEGORY_SWITCH = (category) => `jl-consent >>> .jl-prefs #jl-cat-${category}`;
export const SETTINGS_CONTROL = 'jl-consent-settings >>> .jl-open';
export const OPEN_PREFERENCES_LINK = 'a[data-jl-consent-open]';

/**
 * Runs in the page (self-contained): what the visitor sees and what the gate did. `pixelScripts`
 * counts pixel script elements, the cause of any pixel request.
 */
export function readPageState() {
  const shown = (element) => !!element && !element.hidden && element.getClientRects().length > 0;
  const widget = document.querySelector('jl-consent')?.shadowRoot;
  const switches = {};
  for (const input of widget?.querySelectorAll('.jl-prefs .jl-switch') ?? []) {
    switches[input.id.replace(/^jl-cat-/, '')] = { checked: input.checked, disabled: input.disabled };
  }
  return {
    path: location.pathname,
    complete: document.readyState === 'complete',
    banner: shown(widget?.querySelector('.jl-banner')),
    preferences: shown(widget?.querySelector('.jl-prefs')),
    settingsControl: shown(document.querySelector('jl-consent-settings')?.shadowRoot?.querySelector('.jl-open')),
    switches,
    consentId: widget?.querySelector('.jl-consent-id')?.textContent.replaceAll('-', '') ?? null,
    // The banner rises and the preferences fade in: a screenshot waits until they have.
    animating: (widget?.getAnimations?.() ?? []).some((animation) => animation.playState === 'running'),
    pixelScripts: document.querySelectorAll('script[src$="/pixel.js"]').length,
    pixelRan: document.documentElement.hasAttribute('data-demo-pixel-runs'),
    decision: window.JetConsent?.getDecision?.() ?? null,
  };
}

/**
 * Polls the page state until `predicate(state)` holds; fails after `timeoutMs` naming `what` and
 * the last state seen. A navigation in between (a page that is not there yet) is retried.
 */
export async function waitForPage(visitor, what, predicate, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  let state;
  let lastError;
  for (;;) {
    try {
      state = await visitor.evaluate(readPageState);
      if (predicate(state)) return state;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last state: ${JSON.stringify(state)}`, { cause: lastError });
    }
    await new Promise((tick) => setTimeout(tick, 50));
  }
}
