// The consent log's outbox (loader/stage2/consent-log.mjs) with a scripted network: every event
// leaves at once whatever else is in flight, what waits goes out when the page is hidden or left,
// acknowledged events leave the queue, refused ones are dropped, failed ones are sent again, and
// every response body is read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConsentLog, QUEUE_KEY } from '../stage2/consent-log.mjs';

const ENDPOINT = 'https://log.jetfin.kz/api/v1/events';

/** A browser with a network whose answers the test gives, one request at a time. */
function fakeBrowser({ beaconAccepts = true } = {}) {
  const storage = new Map();
  const listeners = {};
  const requests = [];
  const beacons = [];
  const timers = [];
  const warnings = [];
  const env = {
    fetch(url, init) {
      return new Promise((resolve, reject) => {
        const request = { url, init, events: JSON.parse(init.body).events.map((e) => e.id), bodyRead: false };
        request.answer = (status) => resolve({ status, text: () => { request.bodyRead = true; return Promise.resolve('{}'); } });
        request.fail = () => reject(new TypeError('Failed to fetch'));
        requests.push(request);
      });
    },
    sendBeacon(url, body) {
      beacons.push({ url, events: JSON.parse(body).events.map((e) => e.id) });
      return beaconAccepts;
    },
    localStorage: {
      getItem: (key) => (storage.has(key) ? storage.get(key) : null),
      setItem: (key, value) => storage.set(key, value),
      removeItem: (key) => storage.delete(key),
    },
    setTimeout: (fn, ms) => timers.push({ fn, ms }),
    addEventListener: (type, listener) => { (listeners[type] ||= []).push(listener); },
    document: { visibilityState: 'visible' },
  };
  const fire = (type) => (listeners[type] || []).forEach((listener) => listener({ type }));
  const queued = () => JSON.parse(storage.get(QUEUE_KEY) || '[]').map((e) => JSON.parse(e).id);
  return { env, requests, beacons, timers, warnings, storage, fire, queued, warn: (m) => warnings.push(m) };
}

const event = (id) => JSON.stringify({ type: 'decision', id });
const settle = () => new Promise((done) => setImmediate(done));

test('a receipt leaves at once in its own request while the impression is still in flight', async () => {
  const browser = fakeBrowser();
  const log = createConsentLog(ENDPOINT, browser.env, browser.warn);
  log.add(event('impression-1'));
  log.add(event('receipt-1'));
  assert.deepEqual(browser.requests.map((r) => r.events), [['impression-1'], ['receipt-1']]);
  assert.ok(browser.requests.every((r) => r.init.keepalive && r.init.method === 'POST' && r.init.credentials === 'omit'));
  assert.equal(browser.requests[1].init.headers['Content-Type'], 'text/plain', 'a simple request: no preflight');
  assert.deepEqual(browser.queued(), ['impression-1', 'receipt-1'], 'both wait for their answer');
});

test('acknowledged events leave the queue and every response body is read', async () => {
  const browser = fakeBrowser();
  const log = createConsentLog(ENDPOINT, browser.env, browser.warn);
  log.add(event('a'));
  log.add(event('b'));
  browser.requests[0].answer(202);
  browser.requests[1].answer(409); // the server had it already
  await settle();
  assert.deepEqual(browser.queued(), []);
  assert.ok(browser.requests.every((r) => r.bodyRead), 'bodies read, so the requests end');
  assert.deepEqual(browser.warnings, []);
});

test('a refused event is dropped with a warning; a failed one waits and is sent again', async () => {
  const browser = fakeBrowser();
  const log = createConsentLog(ENDPOINT, browser.env, browser.warn);
  log.add(event('bad'));
  log.add(event('unlucky'));
  log.add(event('late'));
  browser.requests[0].answer(422);
  browser.requests[1].fail();
  browser.requests[2].answer(503);
  await settle();
  assert.deepEqual(browser.queued(), ['unlucky', 'late']);
  assert.match(browser.warnings[0], /refused 1 event\(s\) \(HTTP 422\)/);
  assert.equal(browser.timers.length, 1, 'one retry scheduled');
  assert.equal(browser.timers[0].ms, 2000);
  browser.timers[0].fn();
  assert.deepEqual(browser.requests.at(-1).events, ['unlucky', 'late'], 'both again, in one batch');
  browser.requests.at(-1).answer(202);
  await settle();
  assert.deepEqual(browser.queued(), []);
});

test('leaving the page sends what waits by beacon, and nothing that is already on its way', async () => {
  const browser = fakeBrowser();
  const log = createConsentLog(ENDPOINT, browser.env, browser.warn);
  log.add(event('failed-earlier'));
  browser.requests[0].fail();
  await settle();
  log.add(event('in-flight'));
  browser.fire('pagehide');
  assert.deepEqual(browser.beacons, [{ url: ENDPOINT, events: ['failed-earlier'] }]);
  assert.deepEqual(browser.queued(), ['failed-earlier', 'in-flight'], 'kept until acknowledged: the next page sends again');
});

test('the page being hidden sends what waits; becoming visible does not', async () => {
  const browser = fakeBrowser();
  const log = createConsentLog(ENDPOINT, browser.env, browser.warn);
  log.add(event('x'));
  browser.requests[0].answer(503);
  await settle();
  browser.fire('visibilitychange');
  assert.equal(browser.beacons.length, 0, 'still visible');
  browser.env.document.visibilityState = 'hidden';
  browser.fire('visibilitychange');
  assert.deepEqual(browser.beacons.map((b) => b.events), [['x']]);
});

test('when the browser refuses the beacon, a keepalive fetch carries the events', async () => {
  const browser = fakeBrowser({ beaconAccepts: false });
  const log = createConsentLog(ENDPOINT, browser.env, browser.warn);
  log.add(event('x'));
  browser.requests[0].fail();
  await settle();
  browser.fire('pagehide');
  assert.equal(browser.beacons.length, 1);
  assert.deepEqual(browser.requests.at(-1).events, ['x']);
  assert.equal(browser.requests.at(-1).init.keepalive, true);
});

test("what an earlier page could not send goes on the next page's first flush", async () => {
  const browser = fakeBrowser();
  browser.storage.set(QUEUE_KEY, JSON.stringify([event('from-yesterday'), event('from-the-last-page')]));
  const log = createConsentLog(ENDPOINT, browser.env, browser.warn);
  log.flush();
  assert.deepEqual(browser.requests.map((r) => r.events), [['from-yesterday', 'from-the-last-page']]);
  log.flush();
  assert.equal(browser.requests.length, 1, 'not twice while on its way');
});

test('without localStorage the outbox still works for this page', async () => {
  const browser = fakeBrowser();
  browser.env.localStorage = { getItem() { throw new Error('blocked'); }, setItem() { throw new Error('blocked'); }, removeItem() { throw new Error('blocked'); } };
  const log = createConsentLog(ENDPOINT, browser.env, browser.warn);
  log.add(event('x'));
  browser.requests[0].fail();
  await settle();
  assert.deepEqual(log.pending().map((e) => JSON.parse(e).id), ['x']);
  browser.fire('pagehide');
  assert.deepEqual(browser.beacons.map((b) => b.events), [['x']]);
});

