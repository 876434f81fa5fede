// The layered notice's first layer, measured: how much of the screen the banner takes at 360x640,
// 390x844 and 1280x800, in Russian, Kazakh (the longest texts) and English, for both of the demo's
// banner variants. At 360x640 it must take at most 40 % of the screen with the whole first layer
// in view (nothing scrolled away) - deterministic layout, no timing. The whole summary then opens
// in place, by mouse or keyboard, and says so to screen readers. Screenshots for people to look
// at: tests/e2e/artifacts/notice-LANGUAGE-WIDTHxHEIGHT.png (variant "a") and
// notice-LANGUAGE-360x640-open.png (the summary opened). JL_E2E_DIST=DIR measures another build
// (one from before the layered notice, say: every share is printed before the test fails).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchBrowser, newVisitor } from './support/browser.mjs';
import { serveDirectory } from './support/static_server.mjs';
import { SITE_ROOT } from './support/recorded_site.mjs';
import { banner } from './support/site.mjs';
import { waitFor } from './support/wait.mjs';

const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const LANGUAGES = ['ru', 'kk', 'en'];
const SIZES = [
  { width: 360, height: 640 },
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
];
/** The most of a 360x640 screen the first layer may take. */
const PHONE_SHARE = 0.4;

let browser;
let site;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchBrowser();
  // The demo in each language: the page's <html lang>, which the widget follows.
  site = await serveDirectory(SITE_ROOT, {
    intercept(path, response, request) {
      const language = new URL(request.url, 'http://x').searchParams.get('lang');
      if (!language || (path !== '/' && path !== '/index.html')) return false;
      const page = readFileSync(`${SITE_ROOT}/index.html`, 'utf8').replace(/<html lang="?ru"?>/, `<html lang="${language}">`);
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(page);
      return true;
    },
  });
});

after(async () => {
  await browser?.close();
  await site?.close();
});

// Runs in the page: the banner's share of the screen, and whether any of the first layer is
// scrolled out of its box.
function measure() {
  const root = document.querySelector('jl-consent').shadowRoot;
  const box = root.querySelector('.jl-banner').getBoundingClientRect();
  const body = root.querySelector('.jl-banner__body');
  const toggle = root.querySelector('#jl-banner-more');
  return {
    share: box.height / innerHeight,
    height: box.height,
    scrolled: body.scrollHeight > body.clientHeight + 1,
    toggleInView: !!toggle && toggle.getBoundingClientRect().bottom <= box.bottom,
    language: document.documentElement.lang,
    title: root.querySelector('#jl-banner-title').textContent,
  };
}

// Phones as phones: a touch screen and the page's viewport meta in force.
async function firstLayer(language, variant, viewport) {
  const phone = viewport.width < 600 ? { isMobile: true, hasTouch: true } : {};
  const visitor = await newVisitor(browser, { variant, viewport, reducedMotion: 'reduce', ...phone });
  await visitor.page.goto(`${site.url}/?lang=${language}`);
  await banner(visitor.page).waitFor();
  await visitor.page.evaluate(() => document.fonts.ready);
  return visitor;
}

const percent = (share) => `${(share * 100).toFixed(1)} %`;

/** Waits until the toggle says the summary is `expanded` ('true' or 'false'). */
const saysExpanded = (toggle, expanded) => waitFor(
  async () => (await toggle.getAttribute('aria-expanded')) === expanded,
  { what: `aria-expanded="${expanded}"` },
);

for (const language of LANGUAGES) {
  test(`the first layer in ${language} takes at most 40 % of a 360x640 phone, whole (variants a and b; 390x844 and 1280x800 measured)`, async (t) => {
    // Every size is measured and reported before any assertion, so a failing run still prints
    // all the shares.
    const failures = [];
    for (const variant of ['a', 'b']) {
      for (const viewport of SIZES) {
        const { page, context } = await firstLayer(language, variant, viewport);
        const got = await page.evaluate(measure);
        const size = `${viewport.width}x${viewport.height}`;
        const which = `${language} variant ${variant} at ${size}`;
        t.diagnostic(`${which}: ${percent(got.share)} (${got.height.toFixed(0)} px)`);
        if (variant === 'a') await page.screenshot({ path: `${ARTIFACTS}/notice-${language}-${size}.png` });
        await context.close();
        if (got.language !== language) failures.push(`${which}: the page is in ${got.language}`);
        if (got.scrolled) failures.push(`${which}: part of the first layer is scrolled away`);
        if (!got.toggleInView) failures.push(`${which}: the way to the whole summary is not in view`);
        if (viewport.width === 360 && got.share > PHONE_SHARE) failures.push(`${which}: ${percent(got.share)} of the screen`);
      }
    }
    assert.deepEqual(failures, []);
  });
}

test('the whole summary opens in place with one tap and by keyboard, announced as expanded', async () => {
  for (const language of LANGUAGES) {
    const { page, context } = await firstLayer(language, 'a', { width: 360, height: 640 });
    const toggle = page.locator('jl-consent #jl-banner-more');
    const region = page.locator('jl-consent #jl-banner-summary');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await region.isHidden(), true);
    // The accessibility tree: a button that says it is collapsed, controlling a region.
    const collapsed = page.getByRole('button', { name: await toggle.textContent(), expanded: false });
    assert.equal(await collapsed.count(), 1);
    await toggle.tap();
    await saysExpanded(toggle, 'true');
    const shown = page.getByRole('region', { name: await toggle.textContent() });
    assert.equal(await shown.isVisible(), true, 'a labelled region, now shown');
    assert.equal(await page.locator('jl-consent .jl-summary li').count(), 8, 'every summary point, each with its clause');
    assert.equal(await page.locator('jl-consent .jl-banner').count(), 1, 'in place: the same banner, no new page or dialog');
    assert.equal(page.url().endsWith(`/?lang=${language}`), true);
    await page.screenshot({ path: `${ARTIFACTS}/notice-${language}-360x640-open.png` });
    // The keyboard closes it again: focus the toggle, Enter.
    await toggle.focus();
    await page.keyboard.press('Enter');
    await saysExpanded(toggle, 'false');
    await page.keyboard.press('Space');
    await saysExpanded(toggle, 'true');
    await context.close();
  }
});

test('on a 320 px phone every choice shows its label whole, in every language', async () => {
  const cut = [];
  for (const language of LANGUAGES) {
    const { page, context } = await firstLayer(language, 'a', { width: 320, height: 568 });
    // A word wider than its button is cut or broken inside (both seen): measure each word alone.
    const buttons = await banner(page).locator('.jl-actions .jl-btn').evaluateAll((all) => all.map((b) => {
      const style = getComputedStyle(b);
      const room = b.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const label = b.textContent.trim();
      const widest = Math.max(...label.split(/\s+/).map((word) => {
        const probe = document.createElement('span');
        probe.style.whiteSpace = 'nowrap';
        probe.textContent = word;
        b.append(probe);
        const width = probe.getBoundingClientRect().width;
        probe.remove();
        return width;
      }));
      return { label, overflow: Math.ceil(widest - room) };
    }));
    await page.screenshot({ path: `${ARTIFACTS}/notice-${language}-320x568.png` });
    await context.close();
    assert.equal(buttons.length, 3, `${language}: the three choices`);
    for (const { label, overflow } of buttons) if (overflow > 0) cut.push(`${language}: "${label}" is ${overflow} px too wide for its button`);
  }
  assert.deepEqual(cut, []);
});
