// The packed tarball unpacked under a versioned path on another origin, the way a CDN serves npm
// packages (http://cdn.jetfin.test:PORT/npm/jl-consent@X.Y.Z/dist/consent.js), embedded by a page
// with the snippet scripts/pack printed (its SRI hash included): the banner's flows, every file
// fetched from next to consent.js, CORS as the README says, and SRI that works and that blocks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newVisitor } from '../../tests/e2e/support/browser.mjs';
import { banner, button } from '../../tests/e2e/support/site.mjs';
import { VERSION, printedSnippet, serveSite, serveTarballOnCdn } from './support.mjs';

const FOLDER = `/npm/jl-consent@${VERSION}/dist/`;
const CONFIG = {
  revision: 1,
  pixelUrl: '/pixel.js',
  categories: [{ id: 'analytics', services: ['yandex-metrika'] }, { id: 'advertising' }, { id: 'functional' }],
};
// What only a granted category may load: the pixel, a held-back script, a held-back video.
const OPTIONAL = ['/pixel.js', '/analytics.js', '/video.html'];

/** The page: the printed snippet with its CDN host filled in (and `edit` applied), then held-back content. */
const partnerPage = (cdnOrigin, edit = (snippet) => snippet) => `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>A partner's page</title>
${edit(printedSnippet().replace('https://YOUR-CDN', cdnOrigin).replace('>{}<', `>${JSON.stringify(CONFIG)}<`))}
<script type="text/plain" data-consent="analytics" src="/analytics.js"></script>
<script src="/page.js"></script>
</head><body><h1>Лизинг</h1>
<iframe data-consent="functional" data-service="youtube" data-src="/video.html" width="320" height="180" title="Видео"></iframe>
</body></html>`;

const SITE_FILES = {
  '/pixel.js': 'window.pixelRuns = (window.pixelRuns || 0) + 1;',
  '/analytics.js': 'window.analyticsRuns = (window.analyticsRuns || 0) + 1;',
  '/page.js': 'window.pageScriptRan = true;',
  '/video.html': '<!doctype html><title>video</title><p>video</p>',
};

let cdn;
let cdnWithoutCors;
let site;
let browser;
before(async () => {
  [cdn, cdnWithoutCors, site, browser] = await Promise.all([
    serveTarballOnCdn(), serveTarballOnCdn({ cors: false }), serveSite({ ...SITE_FILES }), launchBrowser(),
  ]);
});
after(async () => {
  await browser?.close();
  await Promise.all([cdn?.close(), cdnWithoutCors?.close(), site?.close()]);
});

/** Serves `html` at a fresh path of the site and opens it for a new visitor; `siteRequests()`: the site's paths since. */
async function visit(html) {
  const path = `/page-${Math.random().toString(36).slice(2)}/`;
  site.pages[path] = html;
  const visitor = await newVisitor(browser, { variant: null });
  const siteFrom = site.requests.length;
  await visitor.page.goto(`${site.origin}${path}`);
  return { ...visitor, siteRequests: () => site.requests.slice(siteFrom).map((r) => r.path) };
}

const waitFor = async (what, predicate, timeoutMs = 10000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((tick) => setTimeout(tick, 25));
  }
};

test('from a versioned CDN path on another origin: the banner, every file from next to consent.js, nothing optional before consent', async () => {
  const cdnFrom = cdn.requests.length;
  const { page, context, record, siteRequests } = await visit(partnerPage(cdn.origin));
  await banner(page).waitFor();
  // The placeholder's chunk and the catalogue's texts come after the first paint.
  await page.locator('jl-consent-placeholder').first().waitFor();
  await waitFor('the catalogue texts', () => cdn.requests.slice(cdnFrom).some((r) => r.path.endsWith('catalogue-texts.ru.json')));

  const fetched = cdn.requests.slice(cdnFrom);
  assert.deepEqual(fetched.filter((r) => !r.path.startsWith(FOLDER) || r.status !== 200), [], 'every request is a file of the versioned folder, and found');
  assert.deepEqual([...new Set(fetched.map((r) => r.path.slice(FOLDER.length)))].sort(),
    ['catalogue-texts.ru.json', 'consent-placeholders.js', 'consent-ui.js', 'consent.js', 'jl-consent.js', 'jl-consent_bg.wasm']);
  assert.ok(fetched.filter((r) => /\.(wasm|json)$|jl-consent\.js$/.test(r.path)).every((r) => r.origin === site.origin),
    'the glue, the wasm and the texts are CORS requests from the page');
  assert.deepEqual(siteRequests().filter((path) => !path.startsWith('/page-')), ['/page.js'], 'nothing optional, no widget file from the page origin');
  assert.equal(await page.evaluate(() => window.JetConsent.version), VERSION);

  await button(banner(page), 'accept-all').click();
  await page.waitForFunction(() => window.pixelRuns === 1 && window.analyticsRuns === 1);
  await page.frameLocator('iframe[title="Видео"]').locator('text=video').waitFor();
  assert.deepEqual(record.pageErrors, []);

  // The returning visitor: the gate opens from the cookie, with no WebAssembly.
  const cdnBeforeReload = cdn.requests.length;
  await page.reload();
  await page.waitForFunction(() => window.pixelRuns === 1 && window.analyticsRuns === 1);
  await page.waitForFunction(() => (window.dataLayer || []).some((entry) => entry.event === 'jl_consent_decision'));
  assert.ok(!cdn.requests.slice(cdnBeforeReload).some((r) => r.path.endsWith('.wasm')), 'no WebAssembly for a returning visitor');
  await context.close();
});

test('"reject all" from the CDN path: nothing optional loads, before or after', async () => {
  const { page, context, siteRequests } = await visit(partnerPage(cdn.origin));
  await banner(page).waitFor();
  await button(banner(page), 'reject-all').click();
  await banner(page).waitFor({ state: 'detached' });
  await page.reload();
  await page.waitForFunction(() => (window.dataLayer || []).some((entry) => entry.event === 'jl_consent_decision'));
  assert.deepEqual(siteRequests().filter((path) => OPTIONAL.includes(path)), []);
  assert.deepEqual(await page.evaluate(() => window.JetConsent.getDecision().choices), { analytics: false, advertising: false, functional: false });
  await context.close();
});

test('the SRI hash scripts/pack printed is the one the browser checks; a wrong one blocks the widget and nothing optional runs', async () => {
  const printed = /integrity="(sha384-[^"]+)"/.exec(printedSnippet())[1];
  const good = await visit(partnerPage(cdn.origin));
  await banner(good.page).waitFor();
  assert.equal(await good.page.locator('script[integrity]').getAttribute('integrity'), printed);
  await good.context.close();

  const wrong = `sha384-${Buffer.alloc(48, 7).toString('base64')}`;
  const bad = await visit(partnerPage(cdn.origin, (snippet) => snippet.replace(printed, wrong)));
  await bad.page.waitForLoadState('load');
  await bad.page.waitForFunction(() => window.pageScriptRan === true);
  await new Promise((settle) => setTimeout(settle, 500));
  assert.equal(await bad.page.evaluate(() => typeof window.JetConsent), 'undefined', 'consent.js did not run');
  assert.equal(await bad.page.locator('jl-consent').count(), 0);
  assert.ok(bad.record.console.some((line) => /integrity/i.test(line)), bad.record.console.join('\n'));
  assert.deepEqual(bad.siteRequests().filter((path) => OPTIONAL.includes(path)), []);
  await bad.context.close();
});

test('without the CORS header the README asks for, the widget stays off and nothing optional runs', async () => {
  // Without integrity, consent.js itself loads (a classic script needs no CORS), but the glue and
  // the wasm cannot: no banner, a console warning, the page keeps working.
  const noSri = (snippet) => snippet.replace(/ integrity="[^"]+" crossorigin="anonymous"/, '');
  const { page, context, record, siteRequests } = await visit(partnerPage(cdnWithoutCors.origin, noSri));
  await page.waitForFunction(() => window.pageScriptRan === true && window.JetConsent?.version);
  await waitFor('the warning', () => record.console.some((line) => line.includes('the consent widget could not be loaded')));
  assert.equal(await page.locator('jl-consent .jl-banner').count(), 0);
  assert.equal(await page.evaluate(() => window.JetConsent.isGranted('analytics')), false);
  assert.deepEqual(siteRequests().filter((path) => OPTIONAL.includes(path)), []);
  assert.deepEqual(record.pageErrors, []);
  await context.close();
});
