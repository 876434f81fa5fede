// A withdrawal that stops what already runs. Code that ran in this page view cannot be unloaded,
// so when a decision withdraws a category whose held-back scripts, iframes or images (or the
// gate's pixel) already ran here, the page is loaded again, once: nothing of that category runs on
// the next page view. The decision is stored before, and its receipt is on its way (the consent
// log sends it at once with a keepalive request and keeps it in localStorage until the log has
// acknowledged it, so the reload loses nothing).
//
// From the moment the reload is decided until the page is gone, what already runs gets no last
// word — trackers flush their queues and write their ids back exactly then:
// - the page's leave events reach none of the page's own listeners. Chromium calls a window's
//   listeners in the order they were added, capture or not (Firefox and WebKit call capture
//   listeners first), so the pagehide and visibilitychange listeners are added when stage 2 starts,
//   before any held-back content can run; beforeunload and unload are added only when a reload is
//   decided, since their mere presence costs an ordinary page view its back/forward cache;
// - the page's requests through fetch, XMLHttpRequest and sendBeacon go nowhere (a tracker's timer
//   may still fire while the next page is on its way); the consent log keeps the functions it took
//   when it started;
// - nor does anything the page would load from then on: a Content-Security-Policy in a <meta>,
//   which every engine enforces from the moment it is in <head> for what starts after, refuses
//   every script, image, frame, stylesheet, font and connection but the consent log's (a tracker
//   that inserts a <script> or an image as the next page is on its way — PostHog loads its
//   extensions so — reaches nobody);
// - the withdrawn categories' cookies and storage keys are deleted once more as the page goes
//   (at pagehide, and again at unload after whatever Chromium let run before).
//
// A site that stops its vendors itself (a single-page app calling their opt-out APIs) turns the
// reload off; its `change` event then says what was withdrawn and that the reload was skipped.

const EARLY_LEAVE_EVENTS = ['pagehide', 'visibilitychange'];
const LATE_LEAVE_EVENTS = ['beforeunload', 'unload'];

// The page's own ways to send go nowhere from now on, quietly: the page is about to go.
function silenceRequests(window) {
  try {
    if (window.fetch) window.fetch = () => new Promise(() => {});
  } catch { /* not writable */ }
  try {
    const request = window.XMLHttpRequest?.prototype;
    if (request) request.send = function send() {};
  } catch { /* not writable */ }
  try {
    if (window.navigator.sendBeacon) Object.defineProperty(window.navigator, 'sendBeacon', { value: () => false, configurable: true });
  } catch { /* not writable */ }
}

// The policy of a page that is leaving: nothing loads, but the consent log can still send to
// `logEndpoint` (null: no log; else what the configuration allows, an http(s) URL or a path).
export function leavingPolicy(logEndpoint, baseUri) {
  let log = "'none'";
  try {
    if (logEndpoint) log = new URL(logEndpoint, baseUri).origin;
  } catch { /* no usable endpoint: nothing at all may send */ }
  return `default-src 'none';style-src 'unsafe-inline';connect-src ${log}`;
}

// A policy counts only in <head> (without one this throws, and the page's functions are silenced
// all the same).
function refuseLoads(document, policy) {
  try {
    document.head.append(Object.assign(document.createElement('meta'), { httpEquiv: 'Content-Security-Policy', content: policy }));
  } catch { /* the page goes all the same */ }
}

/**
 * The withdrawal of what ran. `onLeaving(first)` runs as the page goes after a reload was decided
 * (before its own listeners would have): delete what the refused categories left behind, and the
 * first time, send what the consent log still holds (at `logEndpoint`, the one place the page can
 * still reach once it is leaving).
 */
export function createWithdrawal(window, onLeaving, logEndpoint = null) {
  const ran = new Set();
  let leaving = false;
  let left = false;
  const swallow = (event) => {
    if (!leaving) return;
    event.stopImmediatePropagation();
    if (event.type === 'pagehide' || event.type === 'unload') {
      onLeaving(!left);
      left = true;
    }
  };
  for (const type of EARLY_LEAVE_EVENTS) window.addEventListener(type, swallow, true);
  return {
    /** Notes that content of `categories` ran in this page view. */
    ran(categories) {
      for (const category of categories) ran.add(category);
    },
    /** Of the `withdrawn` categories, those whose content ran in this page view. */
    stillRunning: (withdrawn) => withdrawn.filter((category) => ran.has(category)),
    /**
     * Reloads the page once, in a task of its own: the caller's task ends first (the widget hands
     * the decision's receipt to the consent log right after telling stage 2 of the decision).
     */
    reload() {
      if (leaving) return;
      leaving = true;
      for (const type of LATE_LEAVE_EVENTS) window.addEventListener(type, swallow, true);
      silenceRequests(window);
      refuseLoads(window.document, leavingPolicy(logEndpoint, window.document?.baseURI));
      window.setTimeout(() => window.location.reload(), 0);
    },
  };
}
