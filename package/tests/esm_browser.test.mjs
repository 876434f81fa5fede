// The ESM entry in the browser, from the packed tarball on a CDN path (through an import map):
// calls made before the snippet has run (a page that adds consent.js from a script) wait for it
// and reach the one widget the snippet starts; without the snippet they resolve and warn.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newVisitor } from '../../tests/e2e/support/browser.mjs';
import { banner, button } from '../../tests/e2e/support/site.mjs';
import { serveSite, serveTarballOnCdn } from './support.mjs';

const CONFIG = { revision: 1, categories: [{ id: 'analytics' }, { id: 'advertising' }] };

/** A page whose module uses the ESM entry at once, then (when `addSnippet`) adds the snippet itself. */
const modulePage = (cdn, addSnippet) => `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>ESM</title>
<script type="importmap">${JSON.stringify({ imports: { 'jl-consent': `${cdn.dist.replace(/dist\/$/, '')}index.mjs` } })}</script>
<script type="application/json" id="jl-consent-config">${JSON.stringify(CONFIG)}</script>
<script type="module">
  import { getDecision, isGranted, onDecision, show } from 'jl-consent';
  const log = (window.log = []);
  log.push(['before the snippet', isGranted('analytics'), getDecision(), typeof window.JetConsent]);
  onDecision((detail) => log.push(['decision', detail.granted.join(' ')]));
  window.shown = show().then((value) => log.push(['show resolved', value === undefined, document.querySelectorAll('jl-consent').length]));
  if (${addSnippet}) {
    const snippet = document.createElement('script');
    snippet.src = '${cdn.dist}consent.js';
    document.head.append(snippet);
  }
</script>
</head><body><h1>Лизинг</h1></body></html>`;

let cdn;
let site;
let browser;
before(async () => {
  [cdn, site, browser] = await Promise.all([serveTarballOnCdn(), serveSite({}), launchBrowser()]);
  site.pages['/with-snippet/'] = modulePage(cdn, true);
  site.pages['/without-snippet/'] = modulePage(cdn, false);
});
after(async () => {
  await browser?.close();
  await Promise.all([cdn?.close(), site?.close()]);
});

test('calls made before the snippet has run wait for it and reach its one widget', async () => {
  const { page, context, record } = await newVisitor(browser, { variant: null });
  await page.goto(`${site.origin}/with-snippet/`);
  await banner(page).waitFor();
  await page.evaluate(() => window.shown);
  await button(banner(page), 'accept-all').click();
  await page.waitForFunction(() => window.log.some(([what]) => what === 'decision'));
  assert.deepEqual(await page.evaluate(() => window.log), [
    ['before the snippet', false, null, 'undefined'],
    ['show resolved', true, 1],
    ['decision', 'necessary analytics advertising'],
  ]);
  assert.equal(await page.locator('jl-consent').count(), 1, 'one widget');

  // Later pages: the snippet has run before the handler is added, which gets the decision at once.
  await page.reload();
  await page.waitForFunction(() => window.log.some(([what]) => what === 'decision'));
  assert.deepEqual((await page.evaluate(() => window.log))[0], ['before the snippet', false, null, 'undefined']);
  assert.deepEqual(await page.evaluate(() => window.log.filter(([what]) => what === 'decision')), [['decision', 'necessary analytics advertising']]);
  assert.deepEqual(record.pageErrors, []);
  await context.close();
});

test('without the snippet, actions resolve once the page has loaded and say why nothing happened', async () => {
  const { page, context, record } = await newVisitor(browser, { variant: null });
  await page.goto(`${site.origin}/without-snippet/`);
  await page.evaluate(() => window.shown);
  assert.deepEqual(await page.evaluate(() => window.log), [
    ['before the snippet', false, null, 'undefined'],
    ['show resolved', true, 0],
  ]);
  assert.ok(record.console.some((line) => line.includes('the snippet (consent.js) is not on this page')), record.console.join('\n'));
  assert.deepEqual(record.pageErrors, []);
  await context.close();
});
