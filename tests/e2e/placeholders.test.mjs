// Consent in context: the demo's YouTube video is held back for advertising. In its place, at its
// size, a placeholder says which service it is and what it would set, and offers "load once" (the
// decision stays) and "allow" (advertising is granted); the video then takes exactly the
// placeholder's box. Checked in headless Chromium with the network, the cookie and layout shifts
// watched, and axe on the placeholder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { launchBrowser, newVisitor, painted, requestsTo } from './support/browser.mjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveSite, banner, consentCookie, settled, nextDecision, DIST } from './support/site.mjs';
import { COOKIE_NAME, PLANTED_CONSENT_ID, plantedDecision, readConsentCookie } from './support/consent_cookie.mjs';

const VIDEO = 'iframe[data-service="youtube"]';
const VIDEO_URL = 'https://www.youtube-nocookie.com/embed/M7lc1UVf-VE';
const REFUSED = plantedDecision({ analytics: true, advertising: false });
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

const placeholder = (page) => page.locator('jl-consent-placeholder');
// Its content, in its shadow root (Playwright's CSS locators pierce open shadow roots).
const placeholderText = (host) => host.locator('.jl-ph').innerText();
const videoRequests = (record) => record.requests.filter((url) => url.startsWith('https://www.youtube-nocookie.com/'));

/** A returning visitor who refused advertising, on the demo page, layout shifts recorded. */
async function refusedVisitor(options = {}) {
  const visitor = await newVisitor(browser, options);
  await visitor.context.addCookies([{ name: COOKIE_NAME, value: REFUSED, url: site.url }]);
  await visitor.page.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => window.__shifts.push(...list.getEntries().map((e) => e.value))).observe({ type: 'layout-shift', buffered: true });
  });
  await visitor.page.goto(site.url);
  await settled(visitor.page);
  await placeholder(visitor.page).waitFor();
  return visitor;
}

test('a refused video shows a placeholder in its place, at its size, naming the service and its cookies', async () => {
  const { page, record, context } = await refusedVisitor();
  const text = await placeholderText(placeholder(page));
  assert.match(text, /YouTube/);
  assert.match(text, /Cookie: YSC/);
  assert.match(text, /Разрешить «Реклама»/);
  assert.match(text, /Загрузить один раз/);
  assert.equal(await page.locator(VIDEO).isVisible(), false, 'the video itself waits');
  assert.equal(await page.locator(VIDEO).getAttribute('src'), null);
  const box = await placeholder(page).boundingBox();
  assert.deepEqual([Math.round(box.width), Math.round(box.height)], [560, 315], 'the video\'s own box');
  assert.deepEqual(videoRequests(record), [], 'nothing from YouTube');
  assert.deepEqual(requestsTo(record, '/jl-consent_bg.wasm'), [], 'a returning visitor needs no WebAssembly for it');
  assert.equal(await placeholder(page).getByRole('region', { name: 'YouTube' }).count(), 1, 'a labelled region');
  await context.close();
});

test('"load once" plays the video in exactly the placeholder\'s box and leaves the decision as it was', async () => {
  const { page, record, context } = await refusedVisitor();
  await placeholder(page).scrollIntoViewIfNeeded(); // measured where the click will find it
  const before = await placeholder(page).boundingBox();
  const shiftsBefore = await page.evaluate(() => window.__shifts.length);
  await placeholder(page).locator('[data-action="load-once"]').click();
  await page.waitForFunction((selector) => document.querySelector(selector).getAttribute('src'), VIDEO);
  assert.equal(await page.locator(VIDEO).getAttribute('src'), VIDEO_URL);
  assert.equal(await placeholder(page).count(), 0, 'the placeholder is gone');
  const after = await page.locator(VIDEO).boundingBox();
  assert.deepEqual(after, before, 'the video took the placeholder\'s box');
  await painted(page);
  assert.deepEqual(await page.evaluate((n) => window.__shifts.slice(n), shiftsBefore), [], 'no layout shift');
  assert.equal((await consentCookie(context)).value, REFUSED, 'the decision is unchanged');
  assert.ok(videoRequests(record).length >= 1, 'the video was requested');
  await page.reload();
  await placeholder(page).waitFor();
  assert.equal(await page.locator(VIDEO).getAttribute('src'), null, 'next time it is held back again');
  await context.close();
});

test('"allow" grants advertising, keeps analytics as it was, and the video stays allowed on later pages', async () => {
  const { page, context } = await refusedVisitor();
  const detail = await nextDecision(page, () => placeholder(page).locator('[data-action="allow"]').click());
  assert.deepEqual(detail.granted, ['necessary', 'analytics', 'advertising']);
  assert.equal(detail.action, 'accept_all', 'with analytics already granted, everything is');
  await page.waitForFunction((selector) => document.querySelector(selector).getAttribute('src'), VIDEO);
  const cookie = readConsentCookie((await consentCookie(context)).value);
  assert.equal(cookie.consentId, PLANTED_CONSENT_ID, 'the same visitor');
  assert.deepEqual(cookie.choices, { analytics: true, advertising: true }, 'advertising now granted');
  await page.reload();
  await settled(page);
  await page.waitForFunction((selector) => document.querySelector(selector).getAttribute('src'), VIDEO);
  assert.equal(await placeholder(page).count(), 0);
  await context.close();
});

test('a first-time visitor sees the placeholder under the banner; "allow" there answers the banner', async () => {
  const { page, context } = await newVisitor(browser);
  await page.goto(site.url);
  await banner(page).waitFor();
  await placeholder(page).waitFor();
  await nextDecision(page, () => placeholder(page).locator('[data-action="allow"]').click());
  await banner(page).waitFor({ state: 'detached' });
  assert.match((await consentCookie(context)).value, /\|analytics:0\+advertising:1$/, 'advertising granted, the rest refused');
  await context.close();
});

test('content the page adds later gets its placeholder too, its service known by its address', async () => {
  const { page, context } = await refusedVisitor();
  await page.evaluate(() => {
    const map = document.createElement('iframe');
    map.setAttribute('data-consent', 'advertising');
    map.setAttribute('data-src', 'https://maps.googleapis.com/maps/embed/v1/place?q=Almaty'); // known by its host
    map.width = '400';
    map.height = '300';
    map.className = 'late-map';
    document.querySelector('main').append(map);
  });
  await page.waitForFunction(() => document.querySelectorAll('jl-consent-placeholder').length === 2);
  const late = placeholder(page).nth(1);
  assert.match(await placeholderText(late), /Google Maps/);
  assert.deepEqual(Object.values(await late.boundingBox()).slice(2).map(Math.round), [400, 300]);
  await context.close();
});

test('the placeholder speaks the page\'s language', async () => {
  const kazakh = await serveSite({
    intercept(path, response) {
      if (path !== '/') return false;
      const page = readFileSync(join(DIST, 'index.html'), 'utf8').replace('<html lang=ru>', '<html lang=kk>');
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
      return true;
    },
  });
  try {
    const { page, context } = await newVisitor(browser);
    await context.addCookies([{ name: COOKIE_NAME, value: REFUSED, url: kazakh.url }]);
    await page.goto(kazakh.url);
    await placeholder(page).waitFor();
    const text = await placeholderText(placeholder(page));
    assert.match(text, /«Жарнама» санатына рұқсат ету/);
    assert.match(text, /Бір рет жүктеу/);
    await context.close();
  } finally {
    await kazakh.close();
  }
});

for (const colorScheme of ['light', 'dark']) {
  test(`axe finds no violation in the placeholder, ${colorScheme}`, async () => {
    const { page, context } = await refusedVisitor({ colorScheme, reducedMotion: 'reduce' });
    await placeholder(page).scrollIntoViewIfNeeded();
    const results = await new AxeBuilder({ page }).include('jl-consent-placeholder').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    assert.deepEqual(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`), []);
    await context.close();
  });
}

test('JetConsent.acceptCategory grants what it names, and nothing else', async () => {
  const { page, context } = await newVisitor(browser);
  await page.goto(site.url);
  await banner(page).waitFor();
  const detail = await nextDecision(page, () => page.evaluate(() => window.JetConsent.acceptCategory(['analytics', 'no-such-category'])));
  assert.deepEqual(detail.refused, ['advertising']);
  assert.match((await consentCookie(context)).value, /\|analytics:1\+advertising:0$/);
  assert.equal(await placeholder(page).count(), 1, 'the video stays held back');
  await context.close();
});
