// The framework recipes end to end, both apps in one Chromium: examples/react-vite (a Vite-built
// React single-page app) and examples/next-ssr (Next.js, server-rendered, the ESM entry imported
// in server components), each with the packed tarball installed by npm in a temporary folder and
// built by its own `npm run build`. For each: the banner shows; nothing optional runs before
// consent; content the framework adds after the first render (a client-side route's video or
// map, statistics inside <Consent>) waits for its category; a decision reaches the framework's
// code (the useConsent hook re-renders), both ways; and Next.js's server render does not throw.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newVisitor } from '../../tests/e2e/support/browser.mjs';
import { banner, button, preferences } from '../../tests/e2e/support/site.mjs';
import { PATIENCE_MS, withDeadline } from '../../tests/e2e/support/wait.mjs';
import { installAndBuild, serveSinglePageApp, startNext } from './apps.mjs';

const APPS = {
  'react-vite': { route: 'Видео', path: '/video', held: 'iframe[title="Как оформить лизинг"]', heldFile: '/vendor/video.html', statisticsRoute: 'Калькулятор' },
  'next-ssr': { route: 'Предложения', path: '/offers', held: 'iframe[title="Офис на карте"]', heldFile: '/vendor/map.html', statisticsRoute: null },
};
const OPTIONAL = ['/vendor/pixel.js', '/vendor/statistics.js', '/vendor/video.html', '/vendor/map.html'];

let browser;
const served = {};
const folders = [];
before(async () => {
  // The two installs and builds run side by side (npm waits on the network, the builds use a core each).
  const [vite, next] = await Promise.all([installAndBuild('react-vite'), installAndBuild('next-ssr')]);
  folders.push(vite, next);
  [served['react-vite'], served['next-ssr'], browser] = await Promise.all([
    serveSinglePageApp(`${vite.path}/dist`), startNext(next.path), launchBrowser(),
  ]);
});
after(async () => {
  try {
    await withDeadline(Promise.resolve(browser?.close()), 'Chromium to close');
    await Promise.all(Object.values(served).map((server) => withDeadline(server.close(), 'an app server to stop')));
  } finally {
    for (const folder of folders) folder.remove();
  }
});

// No wait here is unbounded: Playwright's own waits end at its 30 s default, and what has no
// deadline of its own (a new context, closing one, a fetch, the cleanup above) gets one, so a
// browser or server that stops answering fails the test by name instead of holding up the run.
const visitor = () => withDeadline(newVisitor(browser, { variant: null }), 'a new browser context');
const leave = (context) => withDeadline(context.close(), 'the browser context to close');

const optionalRequests = (record) => record.requests.map((url) => new URL(url).pathname).filter((path) => OPTIONAL.includes(path));
const waitForStatus = (page, granted) => page.waitForFunction((expected) => {
  const items = [...document.querySelectorAll('[data-category]')];
  return items.length === 3 && items.every((item) => item.dataset.granted === String(expected[item.dataset.category]));
}, granted);

for (const [name, app] of Object.entries(APPS)) {
  test(`${name}: the banner shows, nothing optional runs before consent, and a client-side route's content waits for its category`, async () => {
    const { page, context, record } = await visitor();
    await page.goto(`${served[name].url}/`);
    await banner(page).waitFor();
    await waitForStatus(page, { analytics: false, advertising: false, functional: false });

    // A client-side navigation: the same document, the route's content rendered by the framework now.
    await page.evaluate(() => { window.sameDocument = true; });
    await page.getByRole('link', { name: app.route }).click();
    await page.waitForURL(`**${app.path}`);
    await page.locator(app.held).waitFor({ state: 'attached' });
    await page.locator('jl-consent-placeholder').first().waitFor();
    assert.equal(await page.evaluate(() => window.sameDocument), true, 'navigated without a reload');
    assert.equal(await page.locator(app.held).getAttribute('src'), null, 'the held-back frame has no address yet');
    // Statistics inside <Consent category="analytics"> (the Vite app has them on another route).
    if (app.statisticsRoute) await page.getByRole('link', { name: app.statisticsRoute }).click();
    await page.getByTestId('statistics-off').waitFor();
    await new Promise((settle) => setTimeout(settle, 300));
    assert.deepEqual(optionalRequests(record), [], 'nothing optional before consent');
    assert.deepEqual(record.pageErrors, []);
    await leave(context);
  });

  test(`${name}: "accept all" reaches the framework's code, opens what it added, and a withdrawal reaches it too`, async () => {
    const { page, context, record } = await visitor();
    await page.goto(`${served[name].url}${app.path}`);
    await banner(page).waitFor();
    await page.locator(app.held).waitFor({ state: 'attached' });
    await button(banner(page), 'accept-all').click();
    await waitForStatus(page, { analytics: true, advertising: true, functional: true });
    await page.frameLocator(app.held).locator('body p').waitFor();

    // A returning visitor: granted from the first client render on, and what the framework adds
    // after it opens at once.
    await page.reload();
    await waitForStatus(page, { analytics: true, advertising: true, functional: true });
    await page.frameLocator(app.held).locator('body p').waitFor();
    if (app.statisticsRoute) await page.getByRole('link', { name: app.statisticsRoute }).click();
    await page.getByTestId('statistics').waitFor();
    await page.waitForFunction(() => window.pixelRuns === 1 && window.statisticsRuns >= 1);
    assert.deepEqual([...new Set(optionalRequests(record))].sort(), ['/vendor/pixel.js', '/vendor/statistics.js', app.heldFile].sort());

    // A change of mind from the app's own "Cookie settings" button (showPreferences from the ESM entry).
    await page.getByRole('button', { name: 'Cookie settings' }).click();
    await preferences(page).waitFor();
    await page.locator('jl-consent .jl-prefs #jl-cat-analytics').uncheck();
    // Analytics ran here, so the withdrawal reloads the page: the test goes on on the reloaded
    // page (closing the context while the reload was under way hung two CI runs).
    const reloaded = page.waitForEvent('load');
    await button(preferences(page), 'save').click();
    await reloaded;
    await waitForStatus(page, { analytics: false, advertising: true, functional: true });
    await page.getByTestId('statistics-off').waitFor();
    assert.deepEqual(record.pageErrors, []);
    await leave(context);
  });
}

test('next-ssr: the server render imports the ESM entry and does not throw, with or without a consent cookie, and hydration agrees', async () => {
  const next = served['next-ssr'];
  const granted = 'jl_consent=1|1|1764100000|7K3M9Q2XA4BC8DEF|analytics:1+advertising:1+functional:1';
  for (const cookie of [null, granted]) {
    const response = await fetch(`${next.url}/`, { headers: cookie ? { cookie } : {}, signal: AbortSignal.timeout(PATIENCE_MS) });
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, /Rendered on the server: analytics <!-- -->not granted<!-- -->, decision <!-- -->unknown/);
    assert.match(html, /<script src="\/jl-consent\/consent\.js"><\/script>/, 'the snippet is in the server-rendered HTML');
  }
  assert.doesNotMatch(next.log(), /error|unhandled|window is not defined/i, next.log());

  // In the browser, with a decision in force: no hydration mismatch, the hook catches up after it.
  const { page, context, record } = await visitor();
  await context.addCookies([{ name: 'jl_consent', value: granted.split('=')[1], url: next.url }]);
  await page.goto(`${next.url}/`);
  await waitForStatus(page, { analytics: true, advertising: true, functional: true });
  assert.deepEqual(record.pageErrors, []);
  assert.deepEqual(record.console.filter((line) => line.startsWith('error') || /hydrat/i.test(line)), []);
  await leave(context);
});
