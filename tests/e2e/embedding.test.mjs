// Embedding for web developers, end to end: the documented snippet on a plain HTML page (the
// example in examples/plain-html) under a strict CSP, the JS API and events, blocking of scripts,
// iframes and images, Google Consent Mode, GPC, policy revisions, cookie clearing, languages and
// layouts. Network-level proof for blocking and Consent Mode order, cookie-level proof for clearing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newVisitor, painted, requestsTo, recordCspViolations } from './support/browser.mjs';
import { banner, preferences, settingsControl, button, consentCookie, settled, nextDecision } from './support/site.mjs';
import { serveExample, withConfig, STRICT_CSP } from './support/example.mjs';
import { CONSENT_ID_FORMAT, GRANTED, PLANTED_CONSENT_ID, readConsentCookie } from './support/consent_cookie.mjs';
import { waitFor, withDeadline } from './support/wait.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Serves the example with `options`, runs `body(site)`, and always stops the server. */
async function withExample(options, body) {
  const site = await serveExample(options);
  try {
    await body(site);
  } finally {
    await site.close();
  }
}

async function open(site, path = '/', options = {}) {
  const visitor = await newVisitor(browser, options);
  const violations = await recordCspViolations(visitor.page);
  await visitor.page.goto(`${site.url}${path}`);
  return { ...visitor, violations };
}

/** Waits until `path` has been requested. */
const requested = (record, path) => waitFor(() => requestsTo(record, path).length > 0, {
  what: `a request for ${path}`, describe: () => record.requests.join(' '),
});

/** Chromium reports every Content-Security-Policy violation on the console, whichever document it was in. */
const cspConsoleLines = (record) => record.console.filter((line) => /Content Security Policy/i.test(line));

const BLOCKED = ['/analytics-tag.js', '/ad.html', '/counter.svg', '/late-pixel.svg'];
const consentEntries = (page) =>
  page.evaluate(() => (window.dataLayer || []).filter((e) => e && e[0] === 'consent').map((e) => [e[1], { ...e[2] }]));

test('the snippet works on a plain page served with a strict CSP, with no violation', async () => {
  await withExample({ csp: STRICT_CSP }, async (site) => {
    const { page, context, record, violations } = await open(site);
    await banner(page).waitFor();
    await button(banner(page), 'accept-all').click();
    await page.waitForFunction(() => (window.demoTagRuns || []).length === 1);
    assert.ok(requestsTo(record, '/widget/jl-consent_bg.wasm').length > 0, 'the first visit ran the WebAssembly widget');
    assert.deepEqual(await violations(), [], 'no violation on the first visit (the widget, its styles, the decision)');
    await page.reload();
    await page.waitForFunction(() => (window.demoTagRuns || []).length === 1);
    assert.deepEqual(await violations(), [], 'no violation on the returning visit');
    assert.deepEqual(cspConsoleLines(record), [], 'and none reported on the console for either page');
    assert.deepEqual(record.pageErrors, []);
    assert.ok(await consentCookie(context));
    await context.close();
  });
});

test('the widget loads from another origin, wherever dist/ is hosted', async () => {
  const widgetHost = await serveExample({ cors: true });
  try {
    const widgetBase = `http://cdn.jetfin.test:${widgetHost.port}/widget/`;
    await withExample({ widgetBase }, async (site) => {
      const { page, context, record } = await open(site);
      await banner(page).waitFor();
      assert.ok(record.requests.some((url) => url.startsWith(widgetBase) && url.endsWith('.wasm')));
      await button(banner(page), 'reject-all').click();
      await banner(page).waitFor({ state: 'detached' });
      const cookie = await consentCookie(context);
      assert.match(cookie.value, /analytics:0\+advertising:0$/);
      assert.equal(cookie.domain, '127.0.0.1', 'the decision is a first-party cookie of the embedding site');
      await context.close();
    });
  } finally {
    await widgetHost.close();
  }
});

test("the page's hostile CSS does not reach the widget, and the widget's CSS does not leak", async () => {
  await withExample({}, async (site) => {
    const { page, context } = await open(site);
    await banner(page).waitFor();
    const inside = await button(banner(page), 'accept-all').evaluate((b) => {
      const style = getComputedStyle(b);
      return { font: style.fontFamily, background: style.backgroundColor, letterSpacing: style.letterSpacing };
    });
    assert.doesNotMatch(inside.font, /Georgia/, 'the page forces Georgia on everything; not inside the widget');
    assert.equal(inside.background, 'rgb(11, 79, 156)');
    assert.equal(inside.letterSpacing, 'normal');
    const outside = await page.locator('footer button.jl-btn').evaluate((b) => getComputedStyle(b).backgroundColor);
    assert.equal(outside, 'rgba(0, 0, 0, 0)', 'the page\'s own .jl-btn keeps the page\'s look');
    assert.equal(await page.locator('jl-consent').evaluate((h) => h.shadowRoot !== null), true);
    await context.close();
  });
});

test('a wrong key in the configuration warns once, naming it, and the widget still runs', async () => {
  const editHtml = withConfig((config) => ({ ...config, pixelURL: '/p.js', layout: 'sidebar' }));
  await withExample({ editHtml }, async (site) => {
    const { page, context, record } = await open(site);
    await banner(page).waitFor();
    const warnings = record.console.filter((line) => line.startsWith('warning:') && line.includes('jl-consent'));
    assert.equal(warnings.filter((w) => w.includes('"pixelURL"') && w.includes('did you mean "pixelUrl"')).length, 1);
    assert.equal(warnings.filter((w) => w.includes('"layout"')).length, 1);
    assert.equal(await page.locator('jl-consent').getAttribute('data-layout'), 'bar', 'the bad layout fell back');
    await context.close();
  });
});

test('the JS API reads, decides, resets, and never throws', async () => {
  await withExample({}, async (site) => {
    const { page, context, record } = await open(site);
    await banner(page).waitFor();
    assert.equal(await page.evaluate(() => window.JetConsent.getDecision()), null);
    assert.equal(await page.evaluate(() => window.JetConsent.isGranted('analytics')), false);
    assert.equal(await page.evaluate(() => window.JetConsent.isGranted('necessary')), true);

    await page.evaluate(() => window.JetConsent.acceptAll());
    await banner(page).waitFor({ state: 'detached' });
    const decision = await page.evaluate(() => window.JetConsent.getDecision());
    assert.deepEqual(decision.choices, { analytics: true, advertising: true });
    assert.match(decision.consentId, CONSENT_ID_FORMAT);
    assert.equal(await page.evaluate(() => window.JetConsent.isGranted('advertising')), true);

    await page.evaluate(() => window.JetConsent.rejectAll());
    await page.waitForFunction(() => window.JetConsent.isGranted('advertising') === false);
    assert.equal((await page.evaluate(() => window.JetConsent.getDecision())).consentId, decision.consentId);

    await page.evaluate(() => window.JetConsent.showPreferences());
    await preferences(page).waitFor();
    await page.keyboard.press('Escape');
    await page.evaluate(() => window.JetConsent.show());
    await banner(page).waitFor();

    await page.evaluate(() => window.JetConsent.reset());
    await page.waitForFunction(() => window.JetConsent.getDecision() === null);
    assert.equal(await consentCookie(context), undefined, 'reset deletes the cookie');
    await banner(page).waitFor();

    const results = await page.evaluate(async () => {
      const api = window.JetConsent;
      const outcomes = [];
      for (const call of [
        () => api.isGranted(undefined), () => api.isGranted({ toString() { throw new Error('x'); } }),
        () => api.on('nope', () => {}), () => api.on('decision', 42), () => api.off('decision', null),
        () => api.getDecision(), () => { api.version = 'x'; }, () => { api.isGranted = null; },
      ]) {
        try { await call(); outcomes.push('ok'); } catch (error) { outcomes.push(`threw ${error}`); }
      }
      return { outcomes, frozen: Object.isFrozen(api), stillWorks: typeof api.isGranted === 'function' };
    });
    assert.ok(results.frozen && results.stillWorks);
    assert.deepEqual(results.outcomes.filter((o) => o !== 'ok' && !o.includes('read only') && !o.includes('read-only')), []);

    // Every action with hostile arguments: each call returns a promise that settles, nothing is
    // thrown or rejected, and no such argument grants a category.
    const hostile = await withDeadline(page.evaluate(async () => {
      const api = window.JetConsent;
      const throwing = () => { throw new Error('hostile'); };
      const values = [
        undefined, null, 0, NaN, '', {}, [], Symbol('x'), () => 'analytics', 10n,
        { toString: throwing }, { [Symbol.toPrimitive]: throwing }, { valueOf: throwing, toString: throwing },
        new Proxy({}, { get: throwing, has: throwing, ownKeys: throwing, getPrototypeOf: throwing }),
        new Proxy([], { get: throwing }), [{ toString: throwing }], [Symbol('y'), null, undefined],
        Object.create(null), new Array(100000).fill('no-such-category'), 'x'.repeat(100000),
      ];
      const outcomes = [];
      for (const name of ['show', 'showPreferences', 'acceptCategory', 'reset', 'rejectAll', 'on', 'off']) {
        for (const [i, value] of values.entries()) {
          try {
            const result = api[name](value, value);
            await result;
            if (!(result instanceof Promise)) outcomes.push(`${name}(#${i}) returned ${typeof result}`);
          } catch (error) {
            outcomes.push(`${name}(#${i}) threw ${error}`);
          }
        }
      }
      await api.reset();
      for (const [i, value] of values.entries()) {
        try { await api.acceptCategory(value); } catch (error) { outcomes.push(`acceptCategory(#${i}) threw ${error}`); }
      }
      return { outcomes, granted: ['analytics', 'advertising'].filter((id) => api.isGranted(id)) };
    }), 'every call with hostile arguments to be answered');
    assert.deepEqual(hostile.outcomes, [], 'every call returns a promise that settles');
    assert.deepEqual(hostile.granted, [], 'no hostile argument grants a category');
    assert.deepEqual(record.pageErrors, []);
    await context.close();
  });
});

test('events reach listeners, the DOM and dataLayer: first decision, every change, and on load', async () => {
  // The reload after a withdrawal is off here, so that one page view sees every event; the change
  // event then names what was withdrawn and that the reload was skipped.
  await withExample({ editHtml: withConfig((config) => ({ ...config, reloadAfterWithdrawal: false })) }, async (site) => {
    const visitor = await newVisitor(browser);
    await visitor.page.addInitScript(() => {
      window.seen = [];
      for (const name of ['decision', 'first-decision', 'change']) {
        document.addEventListener(`jl-consent:${name}`, (e) => window.seen.push(`dom:${name}:${e.detail.action}`));
      }
      document.addEventListener('DOMContentLoaded', () => {
        for (const name of ['decision', 'first-decision', 'change']) {
          window.JetConsent.on(name, (d) => window.seen.push(`api:${name}:${d.action}:${d.granted.join(',')}`));
        }
      });
    });
    const { page, context } = visitor;
    await page.goto(site.url);
    await banner(page).waitFor();
    await button(banner(page), 'accept-all').click();
    await page.waitForFunction(() => window.seen.length >= 4);
    await page.evaluate(() => window.JetConsent.rejectAll());
    await page.waitForFunction(() => window.seen.length >= 8);
    const seen = await page.evaluate(() => window.seen);
    assert.deepEqual(seen, [
      'api:first-decision:accept_all:necessary,analytics,advertising',
      'dom:first-decision:accept_all',
      'api:decision:accept_all:necessary,analytics,advertising',
      'dom:decision:accept_all',
      'api:change:withdraw:necessary',
      'dom:change:withdraw',
      'api:decision:withdraw:necessary',
      'dom:decision:withdraw',
    ]);
    const pushed = await page.evaluate(() => window.dataLayer.filter((e) => e.event).map((e) => e.event));
    assert.deepEqual(pushed, ['jl_consent_first_decision', 'jl_consent_decision', 'jl_consent_change', 'jl_consent_decision']);
    const [first, change] = await page.evaluate(() => window.dataLayer.filter((e) => e.event).slice(1, 3).map((e) => e.jlConsent));
    assert.deepEqual([first.withdrawn, first.reloadSkipped], [[], false], 'a first decision withdraws nothing');
    assert.deepEqual([change.withdrawn, change.reloadSkipped], [['analytics', 'advertising'], true],
      'the change names what was withdrawn, and that the reload its running content needed was skipped');

    await page.reload();
    await page.waitForFunction(() => window.seen.length >= 2);
    assert.deepEqual(await page.evaluate(() => window.seen), ['api:decision:null:necessary', 'dom:decision:null']);
    const late = await withDeadline(
      page.evaluate(() => new Promise((resolve) => window.JetConsent.on('decision', (d) => resolve(d)))),
      'the decision in force for a listener added later',
    );
    assert.equal(late.initial, true, 'a listener added later gets the decision in force');
    assert.deepEqual(late.refused, ['analytics', 'advertising']);
    await context.close();
  });
});

test('blocked scripts, iframes and images load only once their category is granted (network proof)', async () => {
  await withExample({}, async (site) => {
    const { page, context, record } = await open(site);
    await banner(page).waitFor();
    await page.waitForSelector('img.late-ad-pixel', { state: 'attached' });
    await settled(page);
    for (const path of BLOCKED) assert.deepEqual(requestsTo(record, path), [], `${path} before any decision`);
    assert.equal(await page.evaluate(() => window.demoTagRuns), undefined, 'the blocked tag has not run');

    // Analytics only: the analytics tag and counter load; the ad iframe and the late ad pixel do not.
    await button(banner(page), 'preferences').click();
    await preferences(page).getByRole('switch', { name: 'Аналитика (пиксель)' }).check();
    await button(preferences(page), 'save').click();
    await page.waitForFunction(() => (window.demoTagRuns || []).length === 1);
    await requested(record, '/counter.svg');
    assert.equal(requestsTo(record, '/analytics-tag.js').length, 1);
    assert.equal(requestsTo(record, '/counter.svg').length, 1);
    assert.deepEqual(requestsTo(record, '/ad.html'), []);
    assert.deepEqual(requestsTo(record, '/late-pixel.svg'), []);

    // Granting advertising too activates the iframe and the image the page added later.
    await page.evaluate(() => window.JetConsent.acceptAll());
    await page.waitForFunction(() => document.querySelector('iframe.ad').getAttribute('src') === 'ad.html');
    await requested(record, '/ad.html');
    await requested(record, '/late-pixel.svg');
    assert.equal(requestsTo(record, '/ad.html').length, 1);
    assert.equal(requestsTo(record, '/late-pixel.svg').length, 1);
    assert.equal((await page.evaluate(() => window.demoTagRuns)).length, 1, 'a script is activated once');

    // An element added after the decision is handled as it arrives.
    await page.evaluate(() => {
      const img = document.createElement('img');
      img.setAttribute('data-consent', 'analytics');
      img.setAttribute('data-src', 'counter.svg?late');
      document.body.appendChild(img);
    });
    await page.waitForFunction(() => document.querySelector('img[data-src="counter.svg?late"]').getAttribute('src'));
    await context.close();
  });
});

test('a refusal keeps everything blocked after reload too', async () => {
  await withExample({}, async (site) => {
    const { page, context, record } = await open(site);
    await banner(page).waitFor();
    await nextDecision(page, () => button(banner(page), 'reject-all').click());
    assert.deepEqual(readConsentCookie((await consentCookie(context)).value).choices, { analytics: false, advertising: false });
    await page.reload();
    await page.waitForSelector('img.late-ad-pixel', { state: 'attached' });
    await settled(page);
    // The refusal is what the reloaded page applied (not "no decision", which blocks as much).
    assert.deepEqual(await page.evaluate(() => window.JetConsent.getDecision()?.choices), { analytics: false, advertising: false });
    assert.equal(await banner(page).count(), 0, 'the refusal answered the banner');
    await page.waitForLoadState('networkidle');
    for (const path of BLOCKED) assert.deepEqual(requestsTo(record, path), [], path);
    await context.close();
  });
});

test('an inline blocked script runs on grant under a nonce-based CSP, the nonce carried over', async () => {
  const csp = "default-src 'self'; script-src 'self' 'nonce-r4nd0m' 'wasm-unsafe-eval'; style-src 'self'";
  const editHtml = (html) => html.replace('</head>',
    '<script type="text/plain" data-consent="analytics" nonce="r4nd0m">window.inlineRan = (window.inlineRan || 0) + 1;</script>\n</head>');
  await withExample({ csp, editHtml }, async (site) => {
    const { page, context, violations } = await open(site);
    await banner(page).waitFor();
    assert.equal(await page.evaluate(() => window.inlineRan), undefined);
    await button(banner(page), 'accept-all').click();
    await page.waitForFunction(() => window.inlineRan === 1);
    assert.deepEqual(await violations(), []);
    await context.close();
  });
});

test('Consent Mode: all denied by default before any tag runs, then an update on every decision', async () => {
  // The reload after a withdrawal is off here, so that the update "reject all" pushes is seen in the
  // page view the analytics tag ran in (with the reload on, the next page view starts denied).
  await withExample({ editHtml: withConfig((config) => ({ ...config, reloadAfterWithdrawal: false })) }, async (site) => {
    const { page, context, record } = await open(site);
    await banner(page).waitFor();
    const first = await page.evaluate(() => window.dataLayer[0]);
    assert.equal(first[0], 'consent');
    assert.equal(first[1], 'default');
    assert.deepEqual(
      { ad_storage: first[2].ad_storage, ad_user_data: first[2].ad_user_data, ad_personalization: first[2].ad_personalization, analytics_storage: first[2].analytics_storage },
      { ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', analytics_storage: 'denied' },
    );
    assert.equal(first[2].wait_for_update, 500);
    const clickAt = Date.now();
    await button(banner(page), 'accept-all').click();
    await page.waitForFunction(() => (window.demoTagRuns || []).length === 1);
    const run = (await page.evaluate(() => window.demoTagRuns))[0];
    assert.deepEqual(run.consent, [
      { command: 'default', analytics_storage: 'denied' },
      { command: 'update', analytics_storage: 'granted' },
    ], 'the tag ran after the default and after the update that granted it');
    assert.ok(run.at >= clickAt);
    assert.equal(requestsTo(record, '/analytics-tag.js').length, 1);
    await page.evaluate(() => window.JetConsent.rejectAll());
    await page.waitForFunction(() => window.dataLayer.filter((e) => e[0] === 'consent').length === 3);
    const entries = await consentEntries(page);
    assert.equal(entries[2][0], 'update');
    assert.equal(entries[2][1].ad_storage, 'denied');
    assert.equal(entries[2][1].analytics_storage, 'denied');
    assert.equal(entries[2][1].security_storage, 'granted', 'what necessary maps to stays granted');

    await page.reload();
    await page.waitForFunction(() => window.JetConsent.getDecision() !== null);
    const onLoad = await consentEntries(page);
    assert.deepEqual(onLoad.map((e) => e[0]), ['default', 'update'], 'a returning visitor gets default then update');
    await context.close();
  });
});

test('Consent Mode: the category-to-signal mapping is configurable', async () => {
  const editHtml = withConfig((config) => ({
    ...config,
    googleConsentMode: { waitForUpdate: 1200, signals: { analytics: ['analytics_storage', 'ad_user_data'] } },
  }));
  await withExample({ editHtml }, async (site) => {
    const { page, context } = await open(site);
    await banner(page).waitFor();
    await button(banner(page), 'preferences').click();
    await preferences(page).getByRole('switch', { name: 'Аналитика (пиксель)' }).check();
    await button(preferences(page), 'save').click();
    await page.waitForFunction(() => window.dataLayer.filter((e) => e[0] === 'consent').length === 2);
    const [[, defaults], [, update]] = await consentEntries(page);
    assert.equal(defaults.wait_for_update, 1200);
    assert.equal(defaults.security_storage, 'denied', 'nothing maps to necessary in this mapping');
    assert.equal(update.analytics_storage, 'granted');
    assert.equal(update.ad_user_data, 'granted');
    assert.equal(update.ad_storage, 'denied');
    await context.close();
  });
});

test('Global Privacy Control: advertising is refused by default and the banner says so; an explicit choice wins', async () => {
  await withExample({}, async (site) => {
    const visitor = await newVisitor(browser);
    await visitor.page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true });
    });
    const { page, context } = visitor;
    await page.goto(site.url);
    await banner(page).waitFor();
    assert.match(await banner(page).innerText(), /Global Privacy Control/);
    await button(banner(page), 'accept-all').click();
    await banner(page).waitFor({ state: 'detached' });
    assert.match((await consentCookie(context)).value, /\|analytics:1\+advertising:0$/);
    await page.evaluate(() => window.JetConsent.showPreferences());
    const dialog = preferences(page);
    assert.match(await dialog.innerText(), /Global Privacy Control/);
    await dialog.getByRole('switch', { name: 'Реклама' }).check();
    await button(dialog, 'save').click();
    await dialog.waitFor({ state: 'detached' });
    assert.match((await consentCookie(context)).value, /\|analytics:1\+advertising:1$/, 'the explicit choice wins');
    await context.close();
  });
});

test('a newer policy revision asks again and shows what changed since the decision', async () => {
  await withExample({}, async (site) => {
    const { page, context, record } = await newVisitor(browser);
    await context.addCookies([{ name: 'jl_consent', value: GRANTED, url: site.url }]);
    await page.goto(site.url);
    await banner(page).waitFor();
    const text = await banner(page).innerText();
    assert.match(text, /Мы обновили правила обработки данных/);
    assert.match(text, /Реклама — категория изменена/);
    assert.match(text, /Баннеры партнёров \(Реклама\)/);
    assert.doesNotMatch(text, /Статистика сайта/, 'unchanged services are not listed');
    await settled(page);
    for (const path of BLOCKED) assert.deepEqual(requestsTo(record, path), [], `${path} waits for the renewed decision`);
    await button(banner(page), 'accept-all').click();
    await page.waitForFunction(() => (window.demoTagRuns || []).length === 1);
    const cookie = readConsentCookie((await consentCookie(context)).value);
    assert.equal(cookie.revision, 2, 'the renewed decision records the new revision');
    assert.equal(cookie.consentId, PLANTED_CONSENT_ID, 'and keeps the consent id');
    await context.close();
  });
});

test("withdrawing a category deletes its services' cookies across path and domain variants", async () => {
  await withExample({ host: 'www.jetfin.test' }, async (site) => {
    const { page, context } = await newVisitor(browser);
    const base = `http://www.jetfin.test:${site.port}`;
    await context.addCookies([
      { name: '_demo_ads_host', value: '1', url: base },
      { name: '_demo_ads_parent', value: '1', domain: '.jetfin.test', path: '/' },
      { name: '_demo_ads_deep', value: '1', domain: 'www.jetfin.test', path: '/leasing' },
      { name: '_demo_stats_a', value: '1', domain: '.jetfin.test', path: '/leasing' },
      { name: 'unrelated', value: '1', domain: '.jetfin.test', path: '/' },
    ]);
    await page.goto(`${base}/leasing/index.html`);
    await banner(page).waitFor();
    await button(banner(page), 'preferences').click();
    await preferences(page).getByRole('switch', { name: 'Аналитика (пиксель)' }).check();
    await button(preferences(page), 'save').click();
    await page.waitForFunction(() => (window.demoTagRuns || []).length === 1);
    const names = async () => (await context.cookies()).map((c) => c.name).sort();
    assert.deepEqual(await names(), ['_demo_stats_a', '_demo_stats_id', 'jl_consent', 'unrelated'],
      'refusing advertising deleted its cookies, whatever path or domain they were set with');

    await page.evaluate(() => window.JetConsent.showPreferences());
    await preferences(page).getByRole('switch', { name: 'Аналитика (пиксель)' }).uncheck();
    // The analytics tag ran on this page: its withdrawal reloads the page once.
    const reloaded = page.waitForEvent('load');
    await button(preferences(page), 'save').click();
    await reloaded;
    await page.waitForFunction(() => window.JetConsent?.getDecision() && !window.JetConsent.isGranted('analytics'));
    assert.deepEqual(await names(), ['jl_consent', 'unrelated'], 'withdrawing analytics deleted its cookies too');
    await context.close();
  });
});

test("reset() deletes what the granted services left at once, with the reload off too", async () => {
  const edit = withConfig((c) => ({ ...c, reloadAfterWithdrawal: false }));
  await withExample({ editHtml: edit }, async (site) => {
    const { page, context } = await newVisitor(browser);
    await context.addCookies([
      { name: '_demo_ads_host', value: '1', url: site.url },
      { name: 'unrelated', value: '1', url: site.url },
    ]);
    await page.goto(site.url);
    await banner(page).waitFor();
    await page.evaluate(() => window.JetConsent.acceptAll());
    await page.waitForFunction(() => (window.demoTagRuns || []).length === 1);
    const names = async () => (await context.cookies()).map((c) => c.name).sort();
    assert.deepEqual(await names(), ['_demo_ads_host', '_demo_stats_id', 'jl_consent', 'unrelated'], 'granted: nothing deleted');
    await page.evaluate(() => window.JetConsent.reset());
    await banner(page).waitFor();
    assert.deepEqual(await names(), ['unrelated'], 'the decision and every service cookie are gone, in the same page view');
    await context.close();
  });
});

test('languages: the configuration wins, then <html lang>, then the browser', async () => {
  const cases = [
    { edit: withConfig((c) => ({ ...c, language: 'en' })), locale: 'ru-RU', expect: 'Accept all' },
    { edit: (html) => html.replace('<html lang="ru">', '<html lang="kk">'), locale: 'en-US', expect: 'Барлығын қабылдау' },
    { edit: (html) => html.replace('<html lang="ru">', '<html>'), locale: 'en-US', expect: 'Accept all' },
    { edit: (html) => html.replace('<html lang="ru">', '<html lang="de">'), locale: 'de-DE', expect: 'Принять все' },
  ];
  for (const { edit, locale, expect } of cases) {
    await withExample({ editHtml: edit }, async (site) => {
      const { page, context } = await open(site, '/', { locale });
      await banner(page).waitFor();
      assert.equal((await button(banner(page), 'accept-all').innerText()).trim(), expect, `${locale}`);
      await context.close();
    });
  }
});

test('look: box and bar layouts, dark mode, a forced theme, reduced motion, the settings button switch', async () => {
  await withExample({}, async (site) => {
    const { page, context } = await open(site, '/', { colorScheme: 'dark', reducedMotion: 'reduce' });
    await banner(page).waitFor();
    const box = await banner(page).boundingBox();
    const centre = box.x + box.width / 2;
    assert.ok(Math.abs(centre - 640) < 2 && box.width <= 560, `the box is centred: ${JSON.stringify(box)}`);
    const style = await banner(page).evaluate((b) => ({ bg: getComputedStyle(b).backgroundColor, animation: getComputedStyle(b).animationName }));
    assert.equal(style.bg, 'rgb(23, 27, 34)', 'dark colours follow prefers-color-scheme');
    assert.equal(style.animation, 'none', 'no animation under prefers-reduced-motion');
    // By default the floating button appears once the banner is answered (what the next page turns off).
    await nextDecision(page, () => button(banner(page), 'reject-all').click());
    await settingsControl(page).waitFor();
    await context.close();
  });
  const editHtml = withConfig((c) => ({ ...c, layout: 'bar', theme: 'light', settingsButton: false }));
  await withExample({ editHtml }, async (site) => {
    const { page, context } = await open(site, '/', { colorScheme: 'dark', reducedMotion: 'reduce' });
    await banner(page).waitFor();
    const box = await banner(page).boundingBox();
    assert.equal(Math.round(box.y + box.height), 800, 'the bar sits at the bottom');
    assert.equal(await banner(page).evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(255, 255, 255)');
    await nextDecision(page, () => button(banner(page), 'reject-all').click());
    // Where the default configuration shows the button (above): the banner gone and painted since.
    await banner(page).waitFor({ state: 'detached' });
    await painted(page);
    assert.equal(await settingsControl(page).isVisible(), false, 'settingsButton: false hides the floating button');
    await page.locator('footer [data-jl-consent-open]').click();
    await preferences(page).waitFor();
    await context.close();
  });
});
