// The widget fails closed and never harms the page: when its WebAssembly, its glue or its second
// stage cannot load, when the browser has no WebAssembly, or when the page's own scripts throw,
// nothing optional runs, the page keeps working, and no error reaches the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launchBrowser, newVisitor, requestsTo } from './support/browser.mjs';
import { serveSite, banner, button, consentCookie, DIST, PIXEL_PATH } from './support/site.mjs';
import { COOKIE_NAME, GRANTED } from './support/consent_cookie.mjs';
import { waitFor, withDeadline } from './support/wait.mjs';

let browser;
let site;
before(async () => {
  site = await serveSite();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await site?.close();
});

const widgetWarnings = (record) => record.console.filter((line) => line.startsWith('warning:') && line.includes('jl-consent'));
const warned = (record) => widgetWarnings(record).length > 0;

/**
 * Opens the demo with `setup(page)` applied first, waits for the outcome `settledWhen(visitor)`
 * (by default: the loader's warning that says why the widget could not load), then checks the
 * page works and nothing leaked.
 */
async function openBroken(setup, { cookie = null, settledWhen = ({ record }) => warned(record) } = {}) {
  const visitor = await newVisitor(browser);
  if (cookie) await visitor.context.addCookies([{ name: COOKIE_NAME, value: cookie, url: site.url }]);
  await setup(visitor.page);
  await visitor.page.goto(site.url);
  await visitor.page.waitForLoadState('load');
  await waitFor(() => settledWhen(visitor), { what: 'the loader to settle', describe: () => JSON.stringify(visitor.record.console) });
  assert.deepEqual(visitor.record.pageErrors, [], 'no error reached the page');
  assert.equal(await visitor.page.locator('h1').isVisible(), true, 'the page still renders');
  await visitor.page.locator('#lead-form input[name="name"]').fill('Айгуль');
  return visitor;
}

/** The API's actions are answered (every promise settles) and grant nothing. */
async function assertApiAnswers(page) {
  const outcome = await withDeadline(page.evaluate(async () => {
    await Promise.all([window.JetConsent.show(), window.JetConsent.acceptAll(), window.JetConsent.showPreferences()]);
    return { granted: window.JetConsent.isGranted('analytics'), decision: window.JetConsent.getDecision() };
  }), 'the API calls to be answered although the widget cannot load');
  assert.equal(outcome.granted, false, 'and nothing was granted');
  assert.equal(outcome.decision, null);
}

const WIDGET_NOT_LOADED = /jl-consent: the consent widget could not be loaded; nothing optional will run/;
for (const [why, setup, reason] of [
  ['the WebAssembly is blocked', (page) => page.route('**/jl-consent_bg.wasm', (route) => route.abort('blockedbyclient')), WIDGET_NOT_LOADED],
  ['the WebAssembly answers 404', (page) => page.route('**/jl-consent_bg.wasm', (route) => route.fulfill({ status: 404, body: 'not found' })), WIDGET_NOT_LOADED],
  ['the glue module answers 404', (page) => page.route('**/jl-consent.js', (route) => route.fulfill({ status: 404, body: 'not found' })), WIDGET_NOT_LOADED],
  ['the second stage answers 404', (page) => page.route('**/consent-ui.js', (route) => route.fulfill({ status: 404, body: 'not found' })), /jl-consent: consent-ui\.js did not load/],
  ['the browser has no WebAssembly', (page) => page.addInitScript(() => { delete window.WebAssembly; }), WIDGET_NOT_LOADED],
]) {
  test(`when ${why}, nothing optional loads and the page keeps working`, async () => {
    const { page, context, record } = await openBroken(setup);
    // What the page was told before any API call: one warning, saying what failed.
    const warnings = widgetWarnings(record);
    assert.equal(warnings.length, 1, `one warning: ${JSON.stringify(record.console)}`);
    assert.match(warnings[0], reason);
    assert.equal(await banner(page).count(), 0, 'no banner could be shown');
    await assertApiAnswers(page);
    assert.deepEqual(requestsTo(record, PIXEL_PATH), [], 'no pixel without a decision');
    await context.close();
  });
}

test('when the WebAssembly comes with a wrong MIME type, the widget still starts and nothing optional runs before a decision', async () => {
  const wasm = readFileSync(`${DIST}/jl-consent_bg.wasm`);
  const { page, context, record } = await openBroken((p) => p.route('**/jl-consent_bg.wasm',
    (route) => route.fulfill({ status: 200, body: wasm, contentType: 'text/plain' })), {
    settledWhen: ({ page: p }) => banner(p).isVisible(),
  });
  assert.ok(record.console.some((line) => line.includes('application/wasm')),
    `the glue says why it compiles the slower way: ${JSON.stringify(record.console)}`);
  assert.deepEqual(requestsTo(record, PIXEL_PATH), []);
  await button(banner(page), 'reject-all').click();
  await banner(page).waitFor({ state: 'detached' });
  assert.match((await consentCookie(context)).value, /analytics:0\+advertising:0$/);
  assert.deepEqual(requestsTo(record, PIXEL_PATH), []);
  await context.close();
});

test("a returning visitor's gate opens even when the second stage cannot load", async () => {
  const { record, context } = await openBroken(
    (page) => page.route('**/consent-ui.js', (route) => route.abort('failed')),
    { cookie: GRANTED, settledWhen: (visitor) => warned(visitor.record) && requestsTo(visitor.record, PIXEL_PATH).length > 0 },
  );
  assert.equal(requestsTo(record, PIXEL_PATH).length, 1, 'the pixel depends on stage 1 only');
  await context.close();
});

test("the page's own failing scripts and listeners do not stop the widget", async () => {
  const visitor = await newVisitor(browser);
  await visitor.page.addInitScript(() => {
    if (window.top !== window) return; // the page's own scripts, not the video's frame
    window.addEventListener('DOMContentLoaded', () => {
      window.JetConsent.on('decision', () => { throw new Error('a broken analytics snippet'); });
      document.addEventListener('jl-consent:decision', () => { throw new Error('a broken DOM listener'); });
      setTimeout(() => { throw new Error('an unrelated page bug'); }, 0);
    });
  });
  const { page, record, context } = visitor;
  await page.goto(site.url);
  await banner(page).waitFor();
  await button(banner(page), 'accept-all').click();
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-demo-pixel-runs'));
  assert.equal(requestsTo(record, PIXEL_PATH).length, 1);
  // The page's own two errors surface, as they would without the widget; the widget's call of the
  // analytics snippet's listener is guarded and reported as a warning instead.
  await waitFor(() => record.pageErrors.length >= 2 && record.console.some((line) => line.includes('a "decision" listener failed')), {
    what: 'both page errors and the guarded listener\'s warning', describe: () => JSON.stringify(record),
  });
  assert.deepEqual(record.pageErrors.toSorted(), ['a broken DOM listener', 'an unrelated page bug']);
  await context.close();
});
