// The README's Google Tag Manager recipe, run as written: its snippet (the widget from the packed
// tarball on a CDN path, then GTM's own snippet) on a page whose gtm.js is a stand-in for GTM's
// container (fixtures/gtm-like.js: dataLayer read in order, Consent Mode's state, a Google tag on
// All Pages and a Custom Event tag on jl_consent_decision). Checked: Consent Mode's defaults come
// before GTM and any tag; nothing fires before a decision or after a refusal; the Custom Event tag
// fires right after "accept all" and on every later page; a returning visitor's update comes
// before GTM starts, so the Google tag fires on All Pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launchBrowser, newVisitor } from '../../tests/e2e/support/browser.mjs';
import { banner, button } from '../../tests/e2e/support/site.mjs';
import { serveSite, serveTarballOnCdn } from './support.mjs';

const README = new URL('../../README.md', import.meta.url);
const GTM_URL = 'https://www.googletagmanager.com/gtm.js?id=';

/** The README's snippet under "## Google Tag Manager" (its first html block). */
function readmeSnippet() {
  const text = readFileSync(README, 'utf8');
  const section = text.slice(text.indexOf('\n## Google Tag Manager\n'));
  const block = /```html\n([\s\S]*?)```/.exec(section);
  assert.ok(block, 'the README has a Google Tag Manager section with an html block');
  return block[1];
}

let cdn;
let site;
let browser;
before(async () => {
  const snippet = readmeSnippet();
  assert.ok(snippet.includes(GTM_URL) && snippet.includes('https://YOUR-HOST/consent.js'), 'the snippet loads GTM and the widget');
  [cdn, browser] = await Promise.all([serveTarballOnCdn(), launchBrowser()]);
  const head = snippet.replace('https://YOUR-HOST/', cdn.dist).replace(GTM_URL, '/gtm.js?id=');
  site = await serveSite({
    '/': `<!doctype html><html lang="ru"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>GTM site</title>\n${head}</head><body><h1>Лизинг</h1></body></html>`,
    '/gtm.js': readFileSync(new URL('fixtures/gtm-like.js', import.meta.url), 'utf8'),
    '/tags/google-analytics.js': 'window.googleAnalyticsRuns = (window.googleAnalyticsRuns || 0) + 1;',
    '/tags/metrika.js': 'window.metrikaRuns = (window.metrikaRuns || 0) + 1;',
  });
});
after(async () => {
  await browser?.close();
  await Promise.all([cdn?.close(), site?.close()]);
});

const TAGS = ['/tags/google-analytics.js', '/tags/metrika.js'];
const gtmLog = (page) => page.evaluate(() => [...window.gtmLike.log]);
const decisionEventsSeen = (page, count) => page.waitForFunction(
  (n) => window.gtmLike?.log.filter((line) => line === 'event jl_consent_decision').length === n, count);

async function firstVisit() {
  const visitor = await newVisitor(browser, { variant: null });
  const from = site.requests.length;
  await visitor.page.goto(`${site.origin}/`);
  await banner(visitor.page).waitFor();
  await visitor.page.waitForFunction(() => window.gtmLike);
  return { ...visitor, tagRequests: () => site.requests.slice(from).map((r) => r.path).filter((path) => TAGS.includes(path)) };
}

test("Consent Mode's defaults reach GTM before it starts, and no tag fires before a decision", async () => {
  const { page, context, tagRequests } = await firstVisit();
  const log = await gtmLog(page);
  assert.equal(log[0], 'consent default analytics_storage=denied', log.join('\n'));
  assert.equal(log[1], 'event gtm.js');
  assert.ok(!log.some((line) => line.startsWith('tag ')), log.join('\n'));
  assert.deepEqual(tagRequests(), []);
  await context.close();
});

test('"accept all": the update, then jl_consent_decision fires the Custom Event tag at once; the next page fires both tags', async () => {
  const { page, context, tagRequests } = await firstVisit();
  await button(banner(page), 'accept-all').click();
  await page.waitForFunction(() => window.metrikaRuns === 1);
  const log = await gtmLog(page);
  const at = (line) => log.indexOf(line);
  assert.ok(at('consent update analytics_storage=granted') > at('event gtm.js'), log.join('\n'));
  assert.ok(at('event jl_consent_first_decision') > at('consent update analytics_storage=granted'), log.join('\n'));
  assert.ok(at('tag metrika') === at('event jl_consent_decision') + 1, log.join('\n'));
  assert.deepEqual(tagRequests(), ['/tags/metrika.js']);

  await page.reload();
  await decisionEventsSeen(page, 1);
  await page.waitForFunction(() => window.metrikaRuns === 1 && window.googleAnalyticsRuns === 1);
  const returning = await gtmLog(page);
  assert.deepEqual(returning.slice(0, 4), [
    'consent default analytics_storage=denied',
    'consent update analytics_storage=granted',
    'event gtm.js',
    'tag google-analytics',
  ], 'the stored decision is in dataLayer before GTM starts');
  assert.ok(returning.includes('tag metrika'));
  await context.close();
});

test('"reject all": no tag fires, on this page or the next', async () => {
  const { page, context, tagRequests } = await firstVisit();
  await button(banner(page), 'reject-all').click();
  await decisionEventsSeen(page, 1);
  await page.reload();
  await decisionEventsSeen(page, 1);
  const log = await gtmLog(page);
  assert.deepEqual(log.slice(0, 3), ['consent default analytics_storage=denied', 'consent update analytics_storage=denied', 'event gtm.js']);
  assert.ok(!log.some((line) => line.startsWith('tag ')), log.join('\n'));
  assert.deepEqual(tagRequests(), []);
  await context.close();
});
