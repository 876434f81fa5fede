// A withdrawal that stops what already runs (loader/stage2/withdrawal.mjs) and the note a reload
// carries to the page it loads (loader/stage2/reload-note.mjs), against a window whose events are
// dispatched as browsers do at the window itself: capture listeners first, then the others, until
// one stops the rest. The three engines run the real thing in tests/e2e/engines/tracker_flows.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createWithdrawal, leavingPolicy } from '../stage2/withdrawal.mjs';
import { focusToKeep, RELOAD_NOTE_KEY, takeReloadNote, writeReloadNote } from '../stage2/reload-note.mjs';

// `order`: how listeners at the window itself are called — 'capture first' (Firefox, WebKit, the
// DOM standard) or 'as added' (Chromium, capture or not).
function fakeWindow({ pathname = '/leasing', search = '', storage = new Map(), storageBlocked = false, order = 'capture first' } = {}) {
  const listeners = [];
  const timers = [];
  const sent = [];
  const reloads = [];
  const sessionStorage = {
    getItem: (key) => { if (storageBlocked) throw new Error('SecurityError'); return storage.has(key) ? storage.get(key) : null; },
    setItem: (key, value) => { if (storageBlocked) throw new Error('SecurityError'); storage.set(key, String(value)); },
    removeItem: (key) => storage.delete(key),
  };
  function XMLHttpRequest() {}
  XMLHttpRequest.prototype.send = function send(body) { sent.push(`xhr ${body}`); };
  const head = [];
  const document = {
    baseURI: 'https://jetfin.kz/leasing',
    head: { append: (element) => head.push(element) },
    createElement: (tagName) => ({ tagName }),
  };
  const window = {
    document,
    scrollX: 0,
    scrollY: 640,
    location: { pathname, search, reload: () => reloads.push(Date.now()) },
    sessionStorage,
    XMLHttpRequest,
    fetch: (url) => { sent.push(`fetch ${url}`); return Promise.resolve({ status: 200 }); },
    navigator: { sendBeacon: (url) => { sent.push(`beacon ${url}`); return true; } },
    setTimeout: (fn) => timers.push(fn),
    addEventListener: (type, listener, capture = false) => listeners.push({ type, listener, capture: capture === true || capture?.capture === true }),
  };
  const dispatch = (type) => {
    let stopped = false;
    const event = { type, stopImmediatePropagation: () => { stopped = true; } };
    const ordered = order === 'as added' ? listeners.slice() : [...listeners.filter((l) => l.capture), ...listeners.filter((l) => !l.capture)];
    for (const { type: listened, listener } of ordered) {
      if (stopped) break;
      if (listened === type) listener(event);
    }
  };
  const runTimers = () => { for (const timer of timers.splice(0)) timer(); };
  return { window, storage, sent, reloads, listeners, dispatch, runTimers, head };
}

test('only a withdrawn category whose content ran in this page view is still running', () => {
  const { window } = fakeWindow();
  const withdrawal = createWithdrawal(window, () => {});
  assert.deepEqual(withdrawal.stillRunning(['analytics']), [], 'nothing ran yet');
  withdrawal.ran(['analytics']);
  assert.deepEqual(withdrawal.stillRunning(['analytics', 'advertising']), ['analytics']);
  assert.deepEqual(withdrawal.stillRunning(['advertising']), [], 'a category that never ran');
});

test('the reload comes once, in a task after the one that decided it', () => {
  const { window, reloads, runTimers } = fakeWindow();
  const withdrawal = createWithdrawal(window, () => {});
  withdrawal.reload();
  assert.equal(reloads.length, 0, 'not yet: the widget still hands the receipt to the consent log in this task');
  withdrawal.reload();
  runTimers();
  assert.equal(reloads.length, 1, 'once, however often it is asked for');
});

test('an ordinary page view has no beforeunload or unload listener (the back/forward cache keeps it), and its leave events reach the page', () => {
  const { window, listeners, dispatch } = fakeWindow();
  const seen = [];
  createWithdrawal(window, () => seen.push('leaving')).ran(['analytics']);
  window.addEventListener('pagehide', () => seen.push('page'));
  assert.deepEqual(listeners.filter((l) => l.type === 'beforeunload' || l.type === 'unload'), []);
  dispatch('pagehide');
  assert.deepEqual(seen, ['page'], "the page's own listener runs as usual");
});

for (const order of ['capture first', 'as added']) {
  test(`once the reload is decided, the page's leave events reach none of its listeners, and the leftovers go as it leaves (listeners called ${order})`, () => {
    const { window, dispatch } = fakeWindow({ order });
    const seen = [];
    // Stage 2 starts before any held-back content can run; a tracker adds its listeners later.
    const withdrawal = createWithdrawal(window, (first) => seen.push(first ? 'leaving' : 'leaving again'));
    for (const type of ['pagehide', 'visibilitychange']) window.addEventListener(type, () => seen.push(type));
    withdrawal.reload();
    for (const type of ['pagehide', 'visibilitychange']) dispatch(type);
    assert.deepEqual(seen, ['leaving'], 'only the withdrawal acts');
  });
}

test('beforeunload and unload, whose listeners come only with the reload: first where capture listeners come first, and the leftovers go again at unload after whatever ran before', () => {
  for (const order of ['capture first', 'as added']) {
    const { window, dispatch } = fakeWindow({ order });
    const seen = [];
    const withdrawal = createWithdrawal(window, (first) => seen.push(first ? 'leaving' : 'leaving again'));
    for (const type of ['beforeunload', 'unload']) window.addEventListener(type, () => seen.push(type));
    withdrawal.reload();
    for (const type of ['beforeunload', 'pagehide', 'unload']) dispatch(type);
    assert.deepEqual(seen, order === 'capture first' ? ['leaving', 'leaving again'] : ['beforeunload', 'leaving', 'unload', 'leaving again'], order);
  }
});

test('once the reload is decided, the page sends nothing more; what took the functions earlier (the consent log) still sends', async () => {
  const { window, sent } = fakeWindow();
  const logFetch = window.fetch.bind(window);
  const logBeacon = window.navigator.sendBeacon.bind(window.navigator);
  createWithdrawal(window, () => {}).reload();
  let settled = false;
  window.fetch('https://tracker.example/e').then(() => { settled = true; }, () => { settled = true; });
  new window.XMLHttpRequest().send('event');
  assert.equal(window.navigator.sendBeacon('https://tracker.example/batch', 'x'), false);
  await new Promise((done) => setImmediate(done));
  assert.deepEqual(sent, [], "no request of the page's left");
  assert.equal(settled, false, 'quietly: the page is going, nothing rejects into it');
  await logFetch('https://log.jetfin.kz/api/v1/events');
  logBeacon('https://log.jetfin.kz/api/v1/events');
  assert.deepEqual(sent, ['fetch https://log.jetfin.kz/api/v1/events', 'beacon https://log.jetfin.kz/api/v1/events']);
});

test('once the reload is decided, the page loads nothing more: a policy in <head> refuses every load but the consent log\'s', () => {
  const { window, head } = fakeWindow();
  const withdrawal = createWithdrawal(window, () => {}, '/api/v1/events');
  assert.deepEqual(head, [], 'an ordinary page view loads what it likes');
  withdrawal.reload();
  withdrawal.reload();
  assert.deepEqual(head, [{
    tagName: 'meta',
    httpEquiv: 'Content-Security-Policy',
    content: "default-src 'none';style-src 'unsafe-inline';connect-src https://jetfin.kz",
  }], 'once');
});

test("the leaving policy lets only the consent log's origin be reached, and nothing when there is no usable log", () => {
  const base = 'https://jetfin.kz/leasing';
  const connect = (endpoint) => leavingPolicy(endpoint, base).split(';').find((d) => d.startsWith('connect-src'));
  assert.equal(connect('https://log.jetfin.kz:8443/api/v1/events'), 'connect-src https://log.jetfin.kz:8443');
  assert.equal(connect('/api/v1/events'), 'connect-src https://jetfin.kz');
  for (const endpoint of [null, '', 'http://[bad']) {
    assert.equal(connect(endpoint), "connect-src 'none'", String(endpoint));
  }
  assert.equal(leavingPolicy('/api/v1/events', undefined), "default-src 'none';style-src 'unsafe-inline';connect-src 'none'", 'no base to resolve against');
});

test('a page without <head> is still silenced, and nothing throws', () => {
  const { window, sent } = fakeWindow();
  window.document = { head: null, baseURI: 'https://jetfin.kz/' };
  assert.doesNotThrow(() => createWithdrawal(window, () => {}, '/api/v1/events').reload());
  new window.XMLHttpRequest().send('event');
  assert.deepEqual(sent, []);
});

test('the reload note brings scroll and focus to the same page, once', () => {
  const { window, storage } = fakeWindow({ pathname: '/leasing', search: '?car=1' });
  writeReloadNote(window, 'widget');
  assert.ok(storage.has(RELOAD_NOTE_KEY));
  assert.deepEqual(takeReloadNote(window), { x: 0, y: 640, focus: 'widget' });
  assert.equal(storage.has(RELOAD_NOTE_KEY), false, 'read once, removed');
  assert.equal(takeReloadNote(window), null);
});

test('a note for another page, an old note, or one that is not a note is ignored (and removed)', () => {
  const at = Date.now();
  const note = (fields) => JSON.stringify({ at, page: '/leasing', x: 0, y: 10, focus: null, ...fields });
  for (const [why, text] of [
    ['another page', note({ page: '/about' })],
    ['a minute old', note({ at: at - 61000 })],
    ['from the future', note({ at: at + 60000 })],
    ['a negative scroll', note({ y: -5 })],
    ['an odd focus', note({ focus: { id: 42 } })],
    ['not JSON', '{'],
    ['not an object', '7'],
  ]) {
    const storage = new Map([[RELOAD_NOTE_KEY, text]]);
    const { window } = fakeWindow({ storage });
    assert.equal(takeReloadNote(window), null, why);
    assert.equal(storage.has(RELOAD_NOTE_KEY), false, `${why}: removed`);
  }
});

test('blocked sessionStorage: no note, and nothing throws', () => {
  const { window } = fakeWindow({ storageBlocked: true });
  assert.doesNotThrow(() => writeReloadNote(window, null));
  assert.equal(takeReloadNote(window), null);
});

test('focus returns to the widget after a decision made in it, else to the element with an id that had it', () => {
  const body = { tagName: 'BODY' };
  const document = (activeElement) => ({ body, activeElement });
  assert.equal(focusToKeep(document(body), true), 'widget', 'the banner or the preferences were open');
  assert.equal(focusToKeep(document({ tagName: 'JL-CONSENT-SETTINGS', id: '' }), false), 'widget');
  assert.deepEqual(focusToKeep(document({ tagName: 'BUTTON', id: 'privacy-off' }), false), { id: 'privacy-off' });
  assert.equal(focusToKeep(document({ tagName: 'BUTTON', id: '' }), false), null);
  assert.equal(focusToKeep(document(body), false), null);
});
