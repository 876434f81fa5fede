// Accessibility (WCAG 2.2 AA) of the banner (its first layer and its whole summary opened) and the
// preferences: axe-core reports nothing, in light and dark, on the demo site (bar) and on the
// embedding example (box); likewise the policy page's cookie declaration, on a phone and a desktop,
// before and after a decision, and its buttons work by keyboard.
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

async function violations(page, element = 'jl-consent') {
  const result = await new AxeBuilder({ page }).include(element).withTags(TAGS).analyze();
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
      await page.locator('jl-consent #jl-banner-more').click();
      await page.locator('jl-consent #jl-banner-summary .jl-summary').waitFor();
      assert.deepEqual(await violations(page), [], 'the banner with its whole summary opened');
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

const declaration = (page) => page.locator('jl-consent-declaration .jl-decl');

for (const colorScheme of ['light', 'dark']) {
  test(`axe finds no violation in the policy page's cookie declaration: 320 px and 1280 px, ${colorScheme}, before and after a decision`, async () => {
    for (const viewport of [{ width: 320, height: 640 }, { width: 1280, height: 800 }]) {
      const { page, context } = await newVisitor(browser, { colorScheme, viewport, reducedMotion: 'reduce' });
      await page.goto(`${demo.url}/policy.html`);
      await declaration(page).waitFor();
      assert.deepEqual(await violations(page, 'jl-consent-declaration'), [], `${viewport.width} px, no decision yet`);
      await button(banner(page), 'accept-all').click();
      await page.locator('jl-consent-declaration .jl-consent-id').waitFor();
      assert.deepEqual(await violations(page, 'jl-consent-declaration'), [], `${viewport.width} px, all granted`);
      await context.close();
    }
  });
}

test('the declaration works by keyboard: its buttons open the preferences, focus comes back, withdraw refuses', async () => {
  const { page, context } = await newVisitor(browser, { reducedMotion: 'reduce' });
  await page.goto(`${demo.url}/policy.html`);
  await button(banner(page), 'accept-all').click();
  const change = page.locator('jl-consent-declaration [data-action="change"]');
  const withdraw = page.locator('jl-consent-declaration [data-action="withdraw"]');
  await page.locator('jl-consent-declaration .jl-consent-id').waitFor();
  await change.focus();
  await page.keyboard.press('Enter');
  await preferences(page).waitFor();
  await page.keyboard.press('Escape');
  await preferences(page).waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.querySelector('jl-consent-declaration')?.shadowRoot?.activeElement?.dataset.action === 'change');
  await page.keyboard.press('Tab');
  await page.waitForFunction(() => document.querySelector('jl-consent-declaration')?.shadowRoot?.activeElement?.dataset.action === 'withdraw');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => [...document.querySelectorAll('jl-consent-declaration')]
    .every((element) => element.shadowRoot?.querySelector('[data-category="analytics"] dd')?.textContent === 'отклонено'));
  assert.equal(await withdraw.getAttribute('aria-disabled'), 'true');
  await context.close();
});
