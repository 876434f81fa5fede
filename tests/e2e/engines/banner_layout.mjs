// The banner and the preferences on a desktop and a phone viewport: screenshots for people to
// look at (tests/e2e/artifacts/ENGINE-banner-SIZE.png, ENGINE-preferences-SIZE.png), and the checks
// that every choice is on screen, large enough to touch, and needs no horizontal scrolling.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serveRecordedSite } from '../support/recorded_site.mjs';
import { BANNER_BUTTON, pinVariant, waitForStill } from '../support/banner_page.mjs';

export const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const SIZES = [
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
  { name: 'phone', viewport: { width: 375, height: 812 } },
];

// Runs in the page (self-contained): where the dialog's buttons are, and whether the page scrolls sideways.
function readButtonLayout(dialogClass) {
  const dialog = document.querySelector('jl-consent')?.shadowRoot?.querySelector(`.${dialogClass}`);
  const buttons = [...(dialog?.querySelectorAll('button[data-action]') ?? [])]
    .filter((button) => button.getClientRects().length > 0)
    .map((button) => {
      const { left, right, top, bottom, height } = button.getBoundingClientRect();
      return { action: button.dataset.action, left, right, top, bottom, height };
    });
  return { buttons, innerWidth, innerHeight, scrollWidth: document.documentElement.scrollWidth };
}

function assertChoicesFit(layout, actions, { touch }) {
  assert.ok(layout.scrollWidth <= layout.innerWidth, `no horizontal scrolling: ${layout.scrollWidth} > ${layout.innerWidth}`);
  for (const action of actions) {
    const box = layout.buttons.find((button) => button.action === action);
    assert.ok(box, `"${action}" is shown`);
    assert.ok(box.left >= 0 && box.right <= layout.innerWidth, `"${action}" fits across: ${JSON.stringify(box)}`);
    assert.ok(box.top >= 0 && box.bottom <= layout.innerHeight, `"${action}" is on screen: ${JSON.stringify(box)}`);
    if (touch) assert.ok(box.height >= 44, `"${action}" is a comfortable touch target: ${box.height} px`);
  }
}

/** Defines the layout checks as one suite for `engine` (support/engines/index.mjs: engineForSuite). */
export function bannerLayout(engine) {
  describe(`the banner's layout in ${engine.name}`, () => {
    for (const { name, viewport } of SIZES) {
      test(`on a ${name} viewport every choice is on screen without horizontal scrolling`, async (t) => {
        mkdirSync(ARTIFACTS, { recursive: true });
        const site = await serveRecordedSite();
        const visitor = await engine.newVisitor({ viewport }).catch(async (error) => {
          await site.close();
          throw error;
        });
        t.after(async () => {
          try {
            await visitor.close();
          } finally {
            await site.close();
          }
        });
        const got = await visitor.setViewport(viewport);
        if (got.width !== viewport.width || got.height !== viewport.height) {
          t.diagnostic(`${engine.name}'s driver gives a ${got.width}x${got.height} viewport, not ${viewport.width}x${viewport.height}`);
        }
        await pinVariant(visitor, site.url);
        await visitor.goto(`${site.url}/`);
        await waitForStill(visitor, 'the banner to be in place', (state) => state.banner && state.complete);
        await visitor.screenshot(`${ARTIFACTS}/${engine.name}-banner-${name}.png`);
        assertChoicesFit(await visitor.evaluate(readButtonLayout, 'jl-banner'), ['reject-all', 'accept-all', 'preferences'], { touch: name === 'phone' });

        await visitor.click(BANNER_BUTTON('preferences'));
        await waitForStill(visitor, 'the preferences to be in place', (state) => state.preferences);
        await visitor.screenshot(`${ARTIFACTS}/${engine.name}-preferences-${name}.png`);
        assertChoicesFit(await visitor.evaluate(readButtonLayout, 'jl-prefs'), ['save'], { touch: name === 'phone' });
      });
    }
  });
}
