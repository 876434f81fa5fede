// The consent log end to end: the demo widget served by the real server sends impressions and
// receipts, an unreachable server loses nothing (the browser queues and re-sends), and what the
// visitors did shows up on the marketers' dashboard — checked through its API and its pages, with
// screenshots at desktop and phone sizes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { launchBrowser, newVisitor, requestsTo } from './support/browser.mjs';
import { banner, preferences, button, consentCookie } from './support/site.mjs';
import { startProductServer, dashboardApi, ACCOUNT } from './support/product_server.mjs';
import { readConsentCookie } from './support/consent_cookie.mjs';
import { waitFor } from './support/wait.mjs';

const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
let browser;
let server;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchBrowser();
  server = await startProductServer();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const queued = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('jl_consent_queue') || '[]').length);
const consentIdOf = async (context) => readConsentCookie((await consentCookie(context)).value).consentId;
const EVENTS = '/api/v1/events';

async function visitAndDecide(options, decide, on = server) {
  const visitor = await newVisitor(browser, options);
  await visitor.page.goto(on.url);
  await banner(visitor.page).waitFor();
  if (decide) await decide(visitor.page);
  await visitor.page.waitForFunction(() => !localStorage.getItem('jl_consent_queue'));
  return visitor;
}

test('a decision made in the demo widget is stored as a receipt and counted in the statistics', async () => {
  const { page, context, record } = await visitAndDecide({}, async (p) => {
    await button(banner(p), 'accept-all').click();
    await banner(p).waitFor({ state: 'detached' });
  });
  assert.ok(requestsTo(record, EVENTS).length >= 1, 'the widget posted to the consent log');
  const consentId = await consentIdOf(context);
  await context.close();

  const api = await dashboardApi(browser, server);
  const stats = (await api.get('/api/v1/stats')).json;
  assert.equal(stats.totals.impressions, 1);
  assert.equal(stats.totals.firstDecisions, 1);
  assert.equal(stats.totals.acceptAll, 1);
  const receipts = (await api.get(`/api/v1/receipts/${consentId}`)).json.receipts;
  assert.equal(receipts.length, 1);
  const receipt = receipts[0];
  assert.equal(receipt.action, 'accept_all');
  assert.equal(receipt.first, true);
  assert.deepEqual(receipt.choices, { analytics: true, advertising: true });
  assert.match(receipt.configHash, /^[0-9a-f]{64}$/);
  assert.equal(receipt.language, 'ru');
  assert.equal(receipt.device, 'desktop');
  assert.equal(receipt.variant, 'a');
  assert.ok(!JSON.stringify(receipt).includes('127.0.0.1'), 'no address is kept with a receipt');
  await api.close();
});

test('the impression and the receipt name the visitor\'s kind of device: a tablet held upright (its width and its touch pointer)', async () => {
  const own = await startProductServer();
  try {
    const tablet = { viewport: { width: 820, height: 1180 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
    const { context } = await visitAndDecide(tablet, async (p) => {
      await button(banner(p), 'reject-all').click();
      await banner(p).waitFor({ state: 'detached' });
    }, own);
    const consentId = await consentIdOf(context);
    await context.close();
    const api = await dashboardApi(browser, own);
    const receipts = (await api.get(`/api/v1/receipts/${consentId}`)).json.receipts;
    assert.deepEqual(receipts.map((r) => r.device), ['tablet']);
    const stats = (await api.get('/api/v1/stats')).json;
    // The impression (made after the banner's first paint) says so too.
    assert.deepEqual(
      stats.breakdowns.device.map((row) => [row.key, row.impressions, row.rejectAll]),
      [['tablet', 1, 1]],
    );
    await api.close();
  } finally {
    await own.close();
  }
});

test('with the server unreachable the receipt waits in the browser and arrives on a later page', async () => {
  const visitor = await newVisitor(browser);
  const { page, context } = visitor;
  await page.route(`**${EVENTS}`, (route) => route.abort('connectionrefused'));
  await page.goto(server.url);
  await banner(page).waitFor();
  await button(banner(page), 'reject-all').click();
  await banner(page).waitFor({ state: 'detached' });
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('jl_consent_queue') || '[]').length === 2);
  assert.equal(await queued(page), 2, 'impression and receipt are queued, not lost');
  const consentId = await consentIdOf(context);

  // The server answers 503 (say, the database is restarting): still kept.
  await page.unroute(`**${EVENTS}`);
  const refused = [];
  await page.route(`**${EVENTS}`, (route) => {
    refused.push(JSON.parse(route.request().postData()).events.length);
    return route.fulfill({ status: 503, body: '{}', headers: { 'Retry-After': '2' } });
  });
  await page.reload();
  // Kept, and sent again after a back-off: the second attempt still carries both events.
  await waitFor(() => refused.length >= 2, { what: 'two attempts refused with 503', describe: () => JSON.stringify(refused) });
  assert.deepEqual(refused.slice(0, 2), [2, 2], 'both events sent, refused with 503, and sent again');
  assert.equal(await queued(page), 2, 'a 503 keeps both events');

  // Back to normal: the next page load sends the queue, and the returning visitor needs no WebAssembly for it.
  await page.unroute(`**${EVENTS}`);
  await page.reload();
  await page.waitForFunction(() => !localStorage.getItem('jl_consent_queue'));
  await context.close();

  const api = await dashboardApi(browser, server);
  const receipts = (await api.get(`/api/v1/receipts/${consentId}`)).json.receipts;
  assert.equal(receipts.length, 1);
  assert.equal(receipts[0].action, 'reject_all');
  await api.close();
});

test('a receipt re-sent after a lost acknowledgement is stored once', async () => {
  const visitor = await newVisitor(browser);
  const { page, context } = visitor;
  // The server stores the events but the answer never reaches the browser.
  let lost = 0;
  await page.route(`**${EVENTS}`, async (route) => {
    await route.fetch();
    // A retry still in flight when the page reloads is cancelled by the browser: its answer is
    // lost all the same.
    await route.abort('connectionreset').catch((error) => {
      if (!/already handled/.test(error.message)) throw error;
    });
    lost += JSON.parse(route.request().postData()).events.length;
  });
  await page.goto(server.url);
  await banner(page).waitFor();
  await button(banner(page), 'accept-all').click();
  // Both events (the impression and the receipt) reached the server, and neither answer the page.
  await waitFor(() => lost >= 2, { what: 'both events stored with their answers lost', describe: () => `${lost} lost` });
  assert.equal(await queued(page), 2, 'the page keeps both events it got no answer for');
  const consentId = await consentIdOf(context);
  await page.unroute(`**${EVENTS}`);
  await page.reload();
  await page.waitForFunction(() => !localStorage.getItem('jl_consent_queue'));
  await context.close();
  const api = await dashboardApi(browser, server);
  assert.equal((await api.get(`/api/v1/receipts/${consentId}`)).json.receipts.length, 1);
  await api.close();
});

test('variants are assigned once per visitor and recorded; the dashboard shows every answer', async () => {
  // A server of its own, so every total below is exactly what these visitors did.
  const own = await startProductServer();
  try {
    await variantsAndDashboard(own);
  } finally {
    await own.close();
  }
});

/** The banner's title for each of the demo's variants (its configuration in index.html). */
const VARIANT_TITLES = { a: 'Cookie и ваши данные', b: 'Мы бережём ваши данные' };

async function variantsAndDashboard(own) {
  // One visitor per outcome and variant, and one who ignores the banner.
  const outcomes = [
    { variant: 'b', decide: (p) => button(banner(p), 'accept-all').click() },
    { variant: 'b', decide: (p) => button(banner(p), 'reject-all').click() },
    {
      variant: 'a',
      decide: async (p) => {
        await button(banner(p), 'preferences').click();
        await preferences(p).getByRole('switch', { name: 'Аналитика (пиксель)' }).check();
        await button(preferences(p), 'save').click();
      },
    },
    { variant: 'a', decide: null },
  ];
  for (const { variant, decide } of outcomes) {
    const { page, context } = await visitAndDecide({ variant }, decide, own);
    if (!decide) assert.equal(await page.locator('#jl-banner-title').innerText(), VARIANT_TITLES[variant], `variant ${variant}'s banner`);
    await context.close();
  }
  // A visitor without a stored variant gets one, sees its banner, and keeps it on the next page
  // (two impressions, no decision).
  const fresh = await newVisitor(browser, { variant: null });
  await fresh.page.goto(own.url);
  await banner(fresh.page).waitFor();
  const assigned = await fresh.page.evaluate(() => localStorage.getItem('jl_consent_variant'));
  assert.ok(Object.keys(VARIANT_TITLES).includes(assigned), `assigned ${assigned}`);
  assert.equal(await fresh.page.locator('#jl-banner-title').innerText(), VARIANT_TITLES[assigned], 'the banner of the variant assigned');
  await fresh.page.reload();
  await banner(fresh.page).waitFor();
  assert.equal(await fresh.page.evaluate(() => localStorage.getItem('jl_consent_variant')), assigned);
  assert.equal(await fresh.page.locator('#jl-banner-title').innerText(), VARIANT_TITLES[assigned], 'the same banner on the next page');
  const api = await dashboardApi(browser, own);
  // The reloaded page's impression leaves after its banner is painted: wait until it is counted.
  let stats;
  await waitFor(async () => {
    stats = (await api.get('/api/v1/stats')).json;
    return stats.totals.impressions >= 6;
  }, { what: 'six impressions to be counted', describe: () => JSON.stringify(stats?.totals) });
  await fresh.context.close();
  assert.deepEqual(
    (({ impressions, firstDecisions, acceptAll, rejectAll, custom, ignored }) => ({ impressions, firstDecisions, acceptAll, rejectAll, custom, ignored }))(stats.totals),
    { impressions: 6, firstDecisions: 3, acceptAll: 1, rejectAll: 1, custom: 1, ignored: 3 },
    JSON.stringify(stats.totals),
  );
  const impressionsOf = (key) => stats.breakdowns.variant.find((row) => row.key === key)?.impressions;
  assert.deepEqual(
    { a: impressionsOf('a'), b: impressionsOf('b') },
    { a: 2 + (assigned === 'a' ? 2 : 0), b: 2 + (assigned === 'b' ? 2 : 0) },
    JSON.stringify(stats.breakdowns.variant),
  );
  await api.close();

  // The dashboard itself, as a marketer sees it.
  for (const [name, options] of [
    ['desktop', { viewport: { width: 1280, height: 800 } }],
    ['phone', { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }],
  ]) {
    const { page, context, record } = await newVisitor(browser, { ...options, variant: null, reducedMotion: 'reduce' });
    await page.goto(`${own.url}/dashboard/`);
    await page.getByLabel('Имя пользователя').fill(ACCOUNT.username);
    await page.getByLabel('Пароль').fill(ACCOUNT.password);
    await page.getByRole('button', { name: /Войти/ }).click();
    const impressions = page.locator('.tile-total .tile-value');
    await impressions.waitFor();
    assert.equal(await impressions.innerText(), String(stats.totals.impressions));
    await page.locator('svg').first().waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-${name}.png`, fullPage: true });
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa']).analyze();
    assert.deepEqual(axe.violations.map((v) => v.id), [], `${name}: accessibility`);
    assert.deepEqual(record.pageErrors, []);
    await context.close();
  }
}

test('statistics, receipts and exports are refused without a session', async () => {
  const context = await browser.newContext();
  for (const path of ['/api/v1/stats', '/api/v1/receipts/0000000000000000', '/api/v1/export/receipts.csv', '/api/v1/export/daily.csv']) {
    const response = await context.request.get(`${server.url}${path}`);
    assert.equal(response.status(), 401, path);
  }
  await context.close();
});
