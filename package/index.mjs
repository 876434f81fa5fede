// The ESM entry of the jl-consent package, for bundlers and frameworks:
//
//   import { isGranted, onDecision, show } from 'jl-consent';
//
// It starts nothing. The widget is the one the snippet (consent.js, first in <head>) starts, and
// every function here talks to that widget's `window.JetConsent`: one widget, whatever imports
// this module. Importing it touches no `window`, `document` or cookie, so server-side rendering
// may import it; there, and wherever the snippet has not run, the answers fail closed: no
// category but "necessary" is granted, there is no decision, and actions do nothing. Nothing here
// throws. Each export stands alone, so a bundler keeps only what is imported.

const EVENTS = ['decision', 'first-decision', 'change'];

const inBrowser = () => typeof window !== 'undefined' && typeof document !== 'undefined';

/** The snippet's API, or null (on a server, or before the snippet has run). */
const snippetApi = () => (inBrowser() && window.JetConsent) || null;

const warn = (message) => {
  try { console.warn(`jl-consent: ${message}`); } catch { /* no console */ }
};

/**
 * The snippet's API once it is there. The snippet belongs first in <head>, so it has normally run
 * before any module; a snippet added by a script delays the page's load event, so by then it has
 * run too. Resolves to null on a server, or when the page finished loading without the snippet.
 */
function snippetReady() {
  const api = snippetApi();
  if (api || !inBrowser()) return Promise.resolve(api);
  return new Promise((resolve) => {
    const settle = () => {
      const late = snippetApi();
      if (!late) warn('the snippet (consent.js) is not on this page, so nothing can be shown or decided');
      resolve(late);
    };
    if (document.readyState === 'complete') settle();
    else window.addEventListener('load', settle, { once: true });
  });
}

/** Calls the snippet's `name` once it is there; resolves (never rejects) when it has answered. */
function act(name, args) {
  return snippetReady().then((api) => (api ? api[name](...args) : undefined)).then(() => undefined, (error) => {
    warn(`${name}() failed: ${error?.message ?? error}`);
  });
}

/** True while `category` may run: always for "necessary"; never on a server or before the snippet. */
export function isGranted(category) {
  if (category === 'necessary') return true;
  try {
    return snippetApi()?.isGranted(category) === true;
  } catch {
    return false;
  }
}

/** The decision in force (consent id, revision, time, choices), or null. */
export function getDecision() {
  try {
    return snippetApi()?.getDecision() ?? null;
  } catch {
    return null;
  }
}

/**
 * Calls `handler(detail)` for `event` ("decision", "first-decision" or "change"); returns a
 * function that removes it. A "decision" handler also gets the decision already in force. Before
 * the snippet has run, the handler waits for the snippet's own events; on a server it never runs.
 */
export function on(event, handler) {
  if (!EVENTS.includes(event) || typeof handler !== 'function') {
    warn(`on(): unknown event "${String(event)}" or no function given`);
    return () => {};
  }
  if (!inBrowser()) return () => {};
  const api = snippetApi();
  if (api) {
    api.on(event, handler);
    return () => api.off(event, handler);
  }
  // The snippet dispatches every event on the document too, the decision found on page load
  // included (after this listener, since the snippet has not run yet).
  const listener = (domEvent) => {
    try { handler(domEvent.detail); } catch (error) { warn(`a "${event}" handler failed: ${error?.message ?? error}`); }
  };
  document.addEventListener(`jl-consent:${event}`, listener);
  return () => document.removeEventListener(`jl-consent:${event}`, listener);
}

/** Calls `handler(detail)` with the decision in force and after every decision; returns a function that removes it. */
export function onDecision(handler) {
  return on('decision', handler);
}

/** Calls `handler(detail)` when the visitor changes an earlier decision; returns a function that removes it. */
export function onChange(handler) {
  return on('change', handler);
}

/** Shows the banner. */
export function show() {
  return act('show', []);
}

/** Opens the preferences. */
export function showPreferences() {
  return act('showPreferences', []);
}

/** Grants every optional category, as "Accept all" does. */
export function acceptAll() {
  return act('acceptAll', []);
}

/** Refuses every optional category, as "Reject all" does. */
export function rejectAll() {
  return act('rejectAll', []);
}

/** Grants the named categories and keeps the other choices, as a placeholder's "allow" does. */
export function acceptCategory(categories) {
  return act('acceptCategory', [categories]);
}

/** Forgets the decision (deletes the cookie) and shows the banner. */
export function reset() {
  return act('reset', []);
}
