// A visitor who decides and leaves at once keeps their proof of consent: with the consent log on
// another origin behind a slow network (every request held 0.8 s on its way to the server), ten
// visitors click "Принять все" 300 ms after the banner appears and then close the tab — ten more
// follow a link to another site instead — and every receipt reaches the real server's database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, newVisitor } from './support/browser.mjs';
import { banner, button, DIST, serveSite } from './support/site.mjs';
import { startProductServer, dashboardApi } from './support/product_server.mjs';
import { stopServer } from './support/static_server.mjs';
import { waitFor } from './support/wait.mjs';

const VISITORS = 10;
const HOLD_MS = 800;
let browser;
let server;
let proxy;
let site;
let elsewhere;

/** Forwards to `target` after holding each request `holdMs`; a request whose client left meanwhile is dropped. */
async function slowProxy(target, holdMs) {
  const proxyServer = createServer((incoming, outgoing) => {
    const chunks = [];
    incoming.on('data', (chunk) => chunks.push(chunk));
    incoming.on('end', () => setTimeout(() => {
      if (incoming.socket.destroyed) return;
      const upstream = httpRequest(`${target}${incoming.url}`, { method: incoming.method, headers: incoming.headers }, (answer) => {
        outgoing.writeHead(answer.statusCode, answer.headers);
        answer.pipe(outgoing);
      });
      upstream.on('error', () => outgoing.destroy());
      upstream.end(Buffer.concat(chunks));
    }, holdMs));
  });
  await new Promise((ready) => proxyServer.listen(0, '127.0.0.1', ready));
  return { port: proxyServer.address().port, close: () => stopServer(proxyServer) };
}

const portOf = (url) => new URL(url).port;

before(async () => {
  browser = await launchBrowser();
  // The site is www.jetfin.test, the consent log log.jetfin.test: two origins.
  const page = readFileSync(join(DIST, 'index.html'), 'utf8');
  let siteOrigin = null;
  site = await serveSite({
    intercept(path, response) {
      if (path !== '/' && path !== '/index.html') return false;
      const configured = page.replace(/"logEndpoint":\s*"[^"]*"/, `"logEndpoint": "http://log.jetfin.test:${proxy.port}/api/v1/events"`);
      if (configured === page) throw new Error('the demo page has no logEndpoint to point elsewhere');
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(configured);
      return true;
    },
  });
  siteOrigin = `http://www.jetfin.test:${portOf(site.url)}`;
  server = await startProductServer({ allowOrigins: [siteOrigin], knownPage: false });
  proxy = await slowProxy(server.url, HOLD_MS);
  elsewhere = await new Promise((ready) => {
    const other = createServer((_, response) => response.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>elsewhere</title><p>another site'));
    other.listen(0, '127.0.0.1', () => ready({ url: `http://other.jetfin.test:${other.address().port}/`, close: () => stopServer(other) }));
  });
  site.origin = siteOrigin;
});

after(async () => {
  await browser?.close();
  await Promise.all([proxy?.close(), site?.close(), elsewhere?.close(), server?.close()]);
});

async function acceptAndLeave(leave) {
  const visitor = await newVisitor(browser);
  await visitor.page.goto(`${site.origin}/`);
  await banner(visitor.page).waitFor();
  await visitor.page.waitForTimeout(300); // the visitor reads for a moment
  await button(banner(visitor.page), 'accept-all').click();
  await leave(visitor.page);
  return visitor.context; // kept open: closing it would end the browser's network for it
}

/** The "accept all" receipts stored, once there are at least `expected` of them. */
async function acceptedReceipts(expected) {
  const api = await dashboardApi(browser, server);
  let stored;
  try {
    return await waitFor(async () => {
      stored = (await api.get('/api/v1/stats')).json.totals.acceptAll;
      return stored >= expected && stored;
    }, { what: `${expected} receipts to be stored`, intervalMs: 200, describe: () => `${stored} stored` });
  } finally {
    await api.close();
  }
}

test('ten visitors who accept and close the tab at once: ten receipts stored', async () => {
  const contexts = [];
  for (let i = 0; i < VISITORS; i++) contexts.push(await acceptAndLeave((page) => page.close({ runBeforeUnload: false })));
  assert.equal(await acceptedReceipts(VISITORS), VISITORS);
  await Promise.all(contexts.map((c) => c.close()));
});

test('ten visitors who accept and follow a link to another site at once: ten more receipts stored', async () => {
  const contexts = [];
  for (let i = 0; i < VISITORS; i++) contexts.push(await acceptAndLeave((page) => page.goto(elsewhere.url)));
  assert.equal(await acceptedReceipts(2 * VISITORS), 2 * VISITORS);
  await Promise.all(contexts.map((c) => c.close()));
});
