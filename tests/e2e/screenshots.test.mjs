// Screenshots of the banner and the preferences on desktop and phones, for people to look at
// (tests/e2e/artifacts/). The checks here only make sure each picture shows what it should.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchBrowser, newVisitor } from './support/browser.mjs';
import { serveSite, banner, preferences, button, settled } from './support/site.mjs';

const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const SIZES = [
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
  { name: 'phone', viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
];

let browser;
let site;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  site = await serveSite();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

for (const { name, ...options } of SIZES) {
  for (const scheme of ['light', 'dark']) {
    test(`screenshots of the banner and the preferences, ${name}, ${scheme}`, async () => {
      const { page, context } = await newVisitor(browser, { ...options, colorScheme: scheme, reducedMotion: 'reduce' });
      await page.goto(site.url);
      await banner(page).waitFor();
      await settled(page);
      await page.screenshot({ path: `${ARTIFACTS}/banner-${name}-${scheme}.png` });
      assert.ok(await button(banner(page), 'accept-all').isVisible());
      await button(banner(page), 'preferences').click();
      await preferences(page).waitFor();
      await page.screenshot({ path: `${ARTIFACTS}/preferences-${name}-${scheme}.png` });
      assert.ok(await button(preferences(page), 'save').isVisible());
      await context.close();
    });
  }
}
