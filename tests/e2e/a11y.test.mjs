// Accessibility (WCAG 2.2 AA) of the banner and the preferences: axe-core reports nothing, in light
// and dark, on the demo site (bar) and on the embedding example (box).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { launchBrowser, newVisitor } from './support/browser.mjs';
import { serveSite, banner, preferences, button, settled } from './support/site.mjs';
import { serveExample } from './support/example.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let browser;
let demo;
let example;
before(async () => {
  browser = await launchBrowser();
  demo = await serveSite();
  example = await serveExample();
});
after(async () => {
  await browser?.close();
  await demo?.close();
  await example?.close();
});

async function violations(page) {
  const result = await new AxeBuilder({ page }).include('jl-consent').withTags(TAGS).analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
}

for (const [where, site] of [['demo site (bar)', () => demo], ['plain HTML example (box)', () => example]]) {
  for (const colorScheme of ['light', 'dark']) {
    test(`axe finds no violation in the banner and the preferences: ${where}, ${colorScheme}`, async () => {
      const { page, context } = await newVisitor(browser, { colorScheme, reducedMotion: 'reduce' });
      await page.goto(site().url);
      await banner(page).waitFor();
      await settled(page);
      assert.deepEqual(await violations(page), [], 'banner');
      // Native parts (the scrollbar of a long summary) are drawn in the banner's own scheme.
      assert.equal(await banner(page).evaluate((b) => getComputedStyle(b).colorScheme), colorScheme);
      await button(banner(page), 'preferences').click();
      await preferences(page).waitFor();
      assert.deepEqual(await violations(page), [], 'preferences');
      await context.close();
    });
  }
}

test('axe finds no violation in the preferences of a returning visitor (consent id, services)', async () => {
  const { page, context } = await newVisitor(browser, { reducedMotion: 'reduce' });
  await page.goto(example.url);
  await button(banner(page), 'accept-all').click();
  await page.evaluate(() => window.JetConsent.showPreferences());
  await preferences(page).waitFor();
  assert.deepEqual(await violations(page), []);
  await context.close();
});
