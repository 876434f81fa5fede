// The built site served to one visitor, with every request that visitor makes recorded at the
// server. This is the network evidence all three engines share (WebKit's classic WebDriver shows
// no requests at all), and a request the server saw was certainly made.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveDirectory } from './static_server.mjs';
import { DIST } from './site.mjs';

/** The build under test: dist/, or the copy JL_E2E_DIST names (to watch the tests fail on a broken one). */
export const SITE_ROOT = process.env.JL_E2E_DIST || DIST;
/** A page of the site's origin without the widget: where a test prepares the visitor's storage. */
export const BLANK_PATH = '/__test__/blank.html';

/**
 * Serves `root` on a free port of its own. `cacheControl` is sent on every response (default:
 * no-store, so each page load asks the server again and is counted). Resolves with the server's
 * `url`, the `requests` so far ({path, method, destination, mode}), `count(path)`,
 * `waitForCount(path, n, timeoutMs)` and `close()`.
 */
export async function serveRecordedSite({ root = SITE_ROOT, cacheControl = 'no-store' } = {}) {
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`${root} has no index.html: build the site first (scripts/build; scripts/test does)`);
  }
  const requests = [];
  let waiting = [];
  const server = await serveDirectory(root, {
    headers: () => ({ 'Cache-Control': cacheControl }),
    intercept(path, response, request) {
      requests.push({
        path,
        method: request.method,
        destination: request.headers['sec-fetch-dest'] ?? null,
        mode: request.headers['sec-fetch-mode'] ?? null,
      });
      waiting = waiting.filter((waiter) => !waiter.check());
      if (path === BLANK_PATH) {
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
          .end('<!doctype html><html lang="ru"><title>blank</title></html>');
        return true;
      }
      return false; // recorded only; the file is served as usual
    },
  });
  const count = (path) => requests.filter((request) => request.path === path).length;
  return {
    url: server.url,
    requests,
    count,
    /** Resolves once `path` was requested `n` times in all; fails after `timeoutMs`, listing what was requested. */
    waitForCount(path, n, timeoutMs = 15000) {
      return new Promise((resolve, reject) => {
        const waiter = {
          check() {
            if (count(path) < n) return false;
            clearTimeout(waiter.timer);
            resolve();
            return true;
          },
        };
        if (waiter.check()) return;
        waiter.timer = setTimeout(() => {
          waiting = waiting.filter((other) => other !== waiter);
          reject(new Error(`${path} was requested ${count(path)} time(s), not ${n}, within ${timeoutMs} ms; requests: ${requests.map((r) => r.path).join(' ')}`));
        }, timeoutMs);
        waiting.push(waiter);
      });
    },
    close: server.close,
  };
}
