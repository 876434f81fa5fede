// The consent banner end to end: the built demo site in headless Chromium, with the network
// watched so that "no pixel before consent" is proven by the requests actually made. The banner's
// five flows themselves (first visit, reject, accept, preferences, withdrawal) run in all three
// engines, Chromium among them, in engines/banner_flows.mjs; this file holds what only Chromium
// checks: broken cookies and configurations, the keyboard, a 320 px phone, the policy page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newVisitor, painted, requestsTo } from './support/browser.mjs';
import { serveSite, banner, preferences, button, consentCookie, settled, PIXEL_PATH } from './support/site.mjs';
import { COOKIE_NAME, GRANTED } from './support/consent_cookie.mjs';
import { waitFor } from './support/wait.mjs';
import { waitForPage } from './support/banner_page.mjs';

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

async function firstVisit(options) {
  const visitor = await newVisitor(browser, options);
  await visitor.page.goto(site.url);
  await banner(visitor.page).waitFor();
  return visitor;
}

function assertNoUncaughtErrors(record) {
  assert.deepEqual(record.pageErrors, [], 'no uncaught error reached the page');
}

for (const [why, value] of [
  ['garbage', 'garbage'],
  ['truncated', GRANTED.slice(0, -10)],
  ['tampered with', GRANTED.replace('analytics:1', 'analytics:2')],
  ['oversized', `${GRANTED}+${'x'.repeat(3000)}:1`],
  ['in a foreign format', '%7B%22categories%22%3A%5B%22necessary%22%2C%22analytics%22%5D%7D'],
  ['from a future format version', GRANTED.replace(/^1\|/, '2|')],
]) {
  test(`a cookie that is ${why} shows the banner, loads no pixel and throws nothing`, async () => {
    const visitor = await newVisitor(browser);
    await visitor.context.addCookies([{ name: COOKIE_NAME, value, url: site.url }]);
    await visitor.page.goto(site.url);
    await banner(visitor.page).waitFor();
    await settled(visitor.page);
    assert.deepEqual(requestsTo(visitor.record, PIXEL_PATH), []);
    assertNoUncaughtErrors(visitor.record);
    assert.equal(await visitor.page.locator('h1').isVisible(), true, 'the page keeps working');
    await visitor.context.close();
  });
}

// A visitor granted everything under revision 1; the site then moved to revision 3 and its
// configuration block broke. Nothing optional may run, whatever the cookie says.
for (const [why, block, problem] of [
  ['a JSON syntax error', '{"revision": 3, "pixelUrl": "/pixel.js",}', /configuration is unreadable/],
  ['a truncated block', '{"pixelUrl": "/pixel.js", "revision": ', /configuration is unreadable/],
  ['an array instead of an object', '[{"revision": 3, "pixelUrl": "/pixel.js"}]', /configuration is unreadable \(expected a JSON object, found an array\)/],
  ['the revision as a string', '{"revision": "3", "pixelUrl": "/pixel.js"}', /configuration key "revision": expected a whole number/],
]) {
  test(`with ${why} the widget stays off: no banner, no pixel, no held-back script, one console error`, async () => {
    const broken = await serveSite({
      intercept(path, response) {
        if (path !== '/broken.html') return false;
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        response.end(`<!doctype html><html lang="ru"><head>
          <script type="application/json" id="jl-consent-config">${block}</script>
          <script src="/consent.js"></script>
          <script type="text/plain" data-consent="analytics">window.heldBackRan = true;</script></head>
          <body><h1>Страница</h1><a href="#" data-jl-consent-open>Настройки cookie</a></body></html>`);
        return true;
      },
    });
    try {
      for (const cookie of [null, GRANTED]) {
        await offPage(broken, cookie, problem);
      }
    } finally {
      await broken.close();
    }
  });
}

/** One visit to a page whose configuration turns the widget off. */
async function offPage(broken, cookie, problem) {
  const { page, record, context } = await newVisitor(browser);
  if (cookie) await context.addCookies([{ name: COOKIE_NAME, value: cookie, url: broken.url }]);
  await page.goto(`${broken.url}/broken.html`);
  await settled(page);
  await page.locator('[data-jl-consent-open]').click();
  // The click was handled (stage 2 says the widget stays off) and the page has painted since:
  // only now does "nothing opened" mean anything.
  const offWarnings = () => record.console.filter((line) => line.startsWith('warning:') && line.includes('the widget stays off'));
  await waitFor(() => offWarnings().length > 0, { what: 'the link\'s click to be answered', describe: () => JSON.stringify(record.console) });
  assert.equal(offWarnings().length, 1, 'one warning for the one click');
  await painted(page);
  assert.equal(await page.evaluate(() => window.JetConsent.isGranted('analytics')), false);
  assert.equal(await page.evaluate(() => window.heldBackRan), undefined, 'the held-back script stays held back');
  assert.equal(await banner(page).count(), 0, 'no banner');
  assert.equal(await preferences(page).count(), 0, 'no preferences either');
  assert.deepEqual(requestsTo(record, PIXEL_PATH), [], 'no pixel');
  assert.deepEqual(requestsTo(record, '/jl-consent_bg.wasm'), [], 'the widget is not even fetched');
  const errors = record.console.filter((line) => line.startsWith('error:') && line.includes('jl-consent'));
  assert.equal(errors.length, 1, `one console error: ${JSON.stringify(record.console)}`);
  assert.match(errors[0], problem);
  assert.match(errors[0], /the widget stays off until it is fixed/);
  assertNoUncaughtErrors(record);
  await context.close();
}

test('a wrong key warns once, naming it, and the rest of the configuration still applies', async () => {
  const typo = await serveSite({
    intercept(path, response) {
      if (path !== '/typo.html') return false;
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end(`<!doctype html><html lang="ru"><head>
        <script type="application/json" id="jl-consent-config">{"pixelUrl": "/pixel.js", "cookie": {"maxAgeDays": "много"}}</script>
        <script src="/consent.js"></script></head><body><h1>Страница</h1></body></html>`);
      return true;
    },
  });
  const { page, record, context } = await newVisitor(browser);
  await page.goto(`${typo.url}/typo.html`);
  await banner(page).waitFor();
  const warnings = record.console.filter((line) => line.startsWith('warning:') && line.includes('cookie.maxAgeDays'));
  assert.equal(warnings.length, 1, JSON.stringify(record.console));
  await button(banner(page), 'accept-all').click();
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-demo-pixel-runs'));
  const cookie = await consentCookie(context);
  const days = (cookie.expires - Date.now() / 1000) / 86400;
  assert.ok(days > 179.9 && days <= 180, 'the bad lifetime fell back to 180 days');
  await context.close();
  await typo.close();
});

test('the banner and the preferences work by keyboard alone', async () => {
  const { page, record, context } = await firstVisit();
  // The banner takes the focus once it is painted (not on a choice: none is pre-selected).
  const bannerFocused = () => page.waitForFunction(() =>
    document.querySelector('jl-consent')?.shadowRoot?.activeElement?.classList.contains('jl-banner'));
  await bannerFocused();
  const focused = () =>
    page.evaluate(() => {
      const active = document.querySelector('jl-consent').shadowRoot.activeElement;
      return active?.getAttribute('data-action') || active?.className;
    });
  await page.keyboard.press('Tab');
  // The policy link sits in the whole summary, which the first layer's toggle opens.
  assert.equal(await focused(), 'jl-more', 'Tab from the banner reaches the toggle of the whole summary first');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'reject-all');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'accept-all');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'preferences');
  await page.keyboard.press('Enter');
  await preferences(page).waitFor();
  for (let i = 0; i < 12; i += 1) await page.keyboard.press('Tab');
  const inside = await page.evaluate(() =>
    document.querySelector('jl-consent').shadowRoot.activeElement?.closest('.jl-prefs') !== null);
  assert.ok(inside, 'focus stays inside the preferences dialog');
  await page.keyboard.press('Escape');
  await preferences(page).waitFor({ state: 'detached' });
  await banner(page).waitFor();
  await bannerFocused();
  for (let i = 0; i < 3; i += 1) await page.keyboard.press('Tab');
  assert.equal(await focused(), 'accept-all');
  await page.keyboard.press('Space');
  await banner(page).waitFor({ state: 'detached' });
  assert.match((await consentCookie(context)).value, /analytics:1\+advertising:1$/);
  assertNoUncaughtErrors(record);
  await context.close();
});

test('the footer link opens the preferences on any page', async () => {
  const { page, context } = await firstVisit();
  await button(banner(page), 'reject-all').click();
  await page.getByRole('link', { name: 'Настройки cookie' }).click();
  await preferences(page).waitFor();
  await context.close();
});

test('on a 320 px phone the choices fit without horizontal scrolling', async () => {
  const { page, context } = await firstVisit({ viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true });
  // Where the banner stays, not where it is while it rises (up to 24 px lower).
  const stoodStill = () => waitForPage(page, 'the widget standing still', (state) => !state.animating);
  await stoodStill();
  for (const action of ['reject-all', 'accept-all', 'preferences']) {
    const box = await button(banner(page), action).boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 320, `${action} fits: ${JSON.stringify(box)}`);
    assert.ok(box.height >= 44, `${action} is a comfortable touch target`);
    assert.ok(box.y + box.height <= 640, `${action} is on screen`);
  }
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 320);
  await button(banner(page), 'preferences').click();
  const save = button(preferences(page), 'save');
  await save.waitFor();
  await stoodStill();
  const box = await save.boundingBox();
  assert.ok(box.x + box.width <= 320 && box.y + box.height <= 640, 'the preferences fit too');
  await context.close();
});

test('the policy page renders the whole policy with an anchor per cited clause', async () => {
  const { page, context } = await firstVisit();
  await page.goto(`${site.url}/policy.html#p-3.3`);
  assert.match(await page.locator('#p-3\\.3').innerText(), /пиксель/);
  assert.match(await page.locator('#p-9\\.3').innerText(), /merchant@jetfin\.kz/);
  await banner(page).waitFor();
  await context.close();
});
