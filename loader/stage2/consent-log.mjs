// The consent log's outbox: impressions and receipts from the widget, kept in localStorage until
// the server has acknowledged them (202, or 409 for events it already has), so that neither an
// unreachable server nor a visitor who leaves at once loses a proof of consent:
// - every event leaves the page as soon as it is handed over, in a request of its own, whatever
//   else is in flight (keepalive: the request outlives the page);
// - what is still waiting (a failed send, a page closed before the answer) is sent again on
//   `pagehide` and when the page is hidden (sendBeacon, or a keepalive fetch), then after a
//   back-off, and on the next page load; a re-sent event is stored once (the server answers 409);
// - every response body is read, so the request ends and the page's network goes quiet.

export const QUEUE_KEY = 'jl_consent_queue';
const MAX_QUEUE = 500;
const MAX_BATCH = 50;
const FIRST_RETRY_MS = 2000;
const MAX_RETRY_MS = 120000;

/**
 * The outbox for `endpoint`. `env` gives what it uses of the browser (fetch, sendBeacon,
 * localStorage, setTimeout, addEventListener for the page lifecycle, document for its visibility)
 * and `warn` for the console.
 */
export function createConsentLog(endpoint, env, warn) {
  let memory = []; // the queue when localStorage is unavailable
  const inFlight = new Set();
  const beaconed = new Set(); // handed to the browser on the way out: a later page sends them again if need be
  let retryTimer = null;
  let retryDelay = FIRST_RETRY_MS;

  const read = () => {
    try {
      const stored = JSON.parse(env.localStorage.getItem(QUEUE_KEY) || '[]');
      return Array.isArray(stored) ? stored.filter((e) => typeof e === 'string') : [];
    } catch {
      return memory.slice();
    }
  };
  const write = (queue) => {
    memory = queue.slice();
    try {
      if (queue.length) env.localStorage.setItem(QUEUE_KEY, JSON.stringify(queue));
      else env.localStorage.removeItem(QUEUE_KEY);
    } catch { /* kept in memory for this page */ }
  };
  const drop = (sent) => write(read().filter((event) => !sent.includes(event)));
  const body = (batch) => `{"events":[${batch.join(',')}]}`;

  const scheduleRetry = () => {
    if (retryTimer) return;
    retryTimer = env.setTimeout(() => {
      retryTimer = null;
      flush();
    }, retryDelay);
    retryDelay = Math.min(retryDelay * 4, MAX_RETRY_MS);
  };

  // One request for `batch`; its events stay queued until the answer says what to do with them.
  const send = (batch) => {
    for (const event of batch) inFlight.add(event);
    const settle = () => { for (const event of batch) inFlight.delete(event); };
    let request;
    try {
      // text/plain keeps this a simple request (no CORS preflight).
      request = env.fetch(endpoint, {
        method: 'POST', body: body(batch), keepalive: true, credentials: 'omit',
        headers: { 'Content-Type': 'text/plain' },
      });
    } catch (error) {
      request = Promise.reject(error);
    }
    Promise.resolve(request).then((response) => {
      settle();
      response.text().catch(() => {});
      const { status } = response;
      if (status === 202 || status === 409) {
        retryDelay = FIRST_RETRY_MS;
        drop(batch);
      } else if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
        warn(`the consent log refused ${batch.length} event(s) (HTTP ${status}); they are dropped`);
        drop(batch);
      } else {
        scheduleRetry();
      }
    }, () => {
      settle();
      scheduleRetry();
    });
  };

  const waiting = () => read().filter((event) => !inFlight.has(event) && !beaconed.has(event));

  /** Sends every queued event that is not already on its way, in batches. */
  const flush = () => {
    if (!env.fetch) return;
    const queue = waiting();
    for (let at = 0; at < queue.length; at += MAX_BATCH) send(queue.slice(at, at + MAX_BATCH));
  };

  // The page is going away or out of sight: what waits goes now, even if no answer can come back
  // (it stays queued, and the next page's flush meets a 409 for whatever arrived).
  const flushBeforeLeaving = () => {
    const queue = waiting();
    for (let at = 0; at < queue.length; at += MAX_BATCH) {
      const batch = queue.slice(at, at + MAX_BATCH);
      let queued = false;
      try {
        queued = !!env.sendBeacon?.(endpoint, body(batch));
      } catch { /* fall back to fetch */ }
      if (queued) for (const event of batch) beaconed.add(event);
      else send(batch);
    }
  };

  env.addEventListener('pagehide', flushBeforeLeaving);
  env.addEventListener('visibilitychange', () => {
    if (env.document.visibilityState === 'hidden') flushBeforeLeaving();
  });

  return {
    /** Queues one event (JSON text) and sends it at once. */
    add(eventJson) {
      if (typeof eventJson !== 'string') return;
      let queue = read();
      queue.push(eventJson);
      if (queue.length > MAX_QUEUE) {
        warn('the consent log queue is full; the oldest events are dropped');
        queue = queue.slice(queue.length - MAX_QUEUE);
      }
      write(queue);
      if (env.fetch) send([eventJson]);
    },
    flush,
    /** Sends what waits as the page goes (the page's own leave events may not reach the outbox). */
    flushBeforeLeaving,
    /** Events not yet acknowledged (for tests). */
    pending: read,
  };
}
