// The banner's end-to-end flows, written once and run in each engine by chromium.test.mjs,
// firefox.test.mjs and webkit.test.mjs: literally the same steps. Which requests were made is read
// at the test's own server (one per visitor), so "no pixel before consent" is proven the same way
// in an engine whose driver shows no network at all.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { serveRecordedSite } from '../support/recorded_site.mjs';
import {
  BANNER_BUTTON, PREFERENCES_BUTTON, CATEGORY_SWITCH, SETTINGS_CONTROL, OPEN_PREFERENCES_LINK, waitForPage,
} from '../support/banner_page.mjs';
import { PIXEL_PATH, COOKIE_NAME, COOKIE_FORMAT } from '../support/site.mjs';

const WASM_PATH = '/jl-consent_bg.wasm';

/** Defines the flows as one suite for `engine` (support/engines/index.mjs: engineForSuite). */
export function bannerFlows(engine) {
  describe(`the banner's flows in ${engine.name}`, () => {
    // A new visitor (fresh profile) on a server of its own, so its requests are its alone.
    async function newVisitor(t) {
      const site = await serveRecordedSite();
      const visitor = await engine.newVisitor().catch(async (error) => {
        await site.close();
        throw error;
      });
      t.after(async () => {
        await visitor.close();
        await site.close();
      });
      return { site, visitor };
    }

    async function firstVisit(t) {
      const { site, visitor } = await newVisitor(t);
      await visitor.goto(`${site.url}/`);
      await waitForPage(visitor, 'the banner', (state) => state.banner);
      return { site, visitor };
    }

    // After a page load: stage 2 has applied the decision in force (the settings control shows).
    // A pixel the gate inserts on load delays the load event, so the server has seen it by now.
    const returningVisitorSettled = (visitor) => waitForPage(
      visitor, 'the returning visitor\'s page to settle', (state) => state.complete && state.settingsControl,
    );

    // After a click that decides: the banner or preferences closed, the decision applied.
    const decided = (visitor) => waitForPage(
      visitor, 'the decision to be applied',
      (state) => !state.banner && !state.preferences && state.settingsControl && state.decision !== null,
    );

    async function consentCookie(visitor) {
      return (await visitor.cookies()).find((cookie) => cookie.name === COOKIE_NAME);
    }

    function assertNoUncaughtErrors(visitor) {
      // null: this engine's driver cannot read them (WebKit's classic WebDriver).
      if (visitor.pageErrors !== null) assert.deepEqual(visitor.pageErrors, [], 'no uncaught error reached the page');
    }

    test('a first visit shows the banner and requests no pixel', async (t) => {
      const { site, visitor } = await firstVisit(t);
      const state = await waitForPage(visitor, 'the load event', (s) => s.complete);
      assert.equal(state.banner, true, 'the banner is shown');
      assert.equal(state.settingsControl, false, 'the settings control waits for a decision');
      assert.equal(state.pixelScripts, 0, 'the gate inserted no pixel');
      assert.equal(site.count(PIXEL_PATH), 0, 'the server saw no pixel request');
      assert.ok(site.count(WASM_PATH) > 0, 'the widget was fetched');
      assert.equal(await consentCookie(visitor), undefined, 'nothing is stored before a decision');
      assertNoUncaughtErrors(visitor);
    });

    test('"Reject all" stores analytics:0, requests no pixel, and a reload shows no banner and no pixel', async (t) => {
      const { site, visitor } = await firstVisit(t);
      await visitor.click(BANNER_BUTTON('reject-all'));
      const state = await decided(visitor);
      assert.equal(state.pixelScripts, 0, 'the gate inserted no pixel after "Reject all"');
      const cookie = await consentCookie(visitor);
      assert.ok(cookie, 'the decision is stored in the consent cookie');
      assert.match(cookie.value, COOKIE_FORMAT);
      assert.match(cookie.value, /\|analytics:0\+advertising:0$/, 'the cookie refuses every optional category');
      assert.equal(cookie.path, '/', 'the cookie is for the whole site');
      assert.equal(cookie.sameSite, 'Lax');
      // Max-Age=180 days; Firefox and WebKit keep the expiry in whole seconds, so it may be up to 1 s later.
      const lifetime = cookie.expires - Date.now() / 1000;
      assert.ok(lifetime > 179.9 * 86400 && lifetime <= 180 * 86400 + 1, `the cookie lasts 180 days, not ${lifetime / 86400}`);

      const wasmBefore = site.count(WASM_PATH);
      await visitor.reload();
      const reloaded = await returningVisitorSettled(visitor);
      assert.equal(reloaded.banner, false, 'no banner for a returning visitor');
      assert.equal(reloaded.pixelScripts, 0, 'the gate inserted no pixel on the reload');
      assert.equal(site.count(PIXEL_PATH), 0, 'the server never saw a pixel request');
      assert.equal(site.count(WASM_PATH), wasmBefore, 'the returning visitor needs no WebAssembly');
      assertNoUncaughtErrors(visitor);
    });

    test('"Accept all" requests the pixel after the click, and a reload requests it again without a banner', async (t) => {
      const { site, visitor } = await firstVisit(t);
      assert.equal(site.count(PIXEL_PATH), 0, 'no pixel before the click');
      await visitor.click(BANNER_BUTTON('accept-all'));
      await site.waitForCount(PIXEL_PATH, 1);
      await decided(visitor);
      await waitForPage(visitor, 'the pixel to run', (state) => state.pixelRan);
      assert.match((await consentCookie(visitor))?.value, /\|analytics:1\+advertising:1$/, 'the cookie grants every category');
      assert.equal(site.count(PIXEL_PATH), 1, 'the pixel is requested once');

      await visitor.reload();
      const reloaded = await returningVisitorSettled(visitor);
      assert.equal(reloaded.banner, false, 'no banner for a returning visitor');
      assert.equal(site.count(PIXEL_PATH), 2, 'the pixel is requested again on the next page load');
      await visitor.goto(`${site.url}/policy.html`);
      await returningVisitorSettled(visitor);
      assert.equal(site.count(PIXEL_PATH), 3, 'and on every other page');
      assertNoUncaughtErrors(visitor);
    });

    test('the banner\'s preferences store exactly what is switched on (analytics only) and load the pixel', async (t) => {
      const { site, visitor } = await firstVisit(t);
      await visitor.click(BANNER_BUTTON('preferences'));
      const opened = await waitForPage(visitor, 'the preferences', (state) => state.preferences);
      assert.deepEqual(opened.switches, {
        necessary: { checked: true, disabled: true },
        analytics: { checked: false, disabled: false },
        advertising: { checked: false, disabled: false },
      }, 'optional categories start off; strictly necessary is on for good');
      await visitor.click(CATEGORY_SWITCH('analytics'));
      const switched = await waitForPage(visitor, 'analytics to be switched on', (state) => state.switches.analytics?.checked);
      assert.equal(switched.switches.advertising.checked, false, 'only the switch clicked changed');
      assert.equal(site.count(PIXEL_PATH), 0, 'flipping a switch is not yet a decision');
      await visitor.click(PREFERENCES_BUTTON('save'));
      await site.waitForCount(PIXEL_PATH, 1);
      await decided(visitor);
      assert.match((await consentCookie(visitor))?.value, /\|analytics:1\+advertising:0$/, 'exactly what was switched on is stored');
      assertNoUncaughtErrors(visitor);
    });

    test('"Cookie settings" and a data-jl-consent-open link open the preferences; "save" stores what is on', async (t) => {
      const { site, visitor } = await firstVisit(t);
      await visitor.click(BANNER_BUTTON('reject-all'));
      await decided(visitor);

      await visitor.click(SETTINGS_CONTROL);
      const fromControl = await waitForPage(visitor, 'the preferences from the settings control', (state) => state.preferences);
      assert.equal(fromControl.switches.analytics.checked, false, 'the switches show the decision in force');
      assert.equal(fromControl.switches.advertising.checked, false, 'advertising is off as refused');
      await visitor.click(PREFERENCES_BUTTON('close'));
      await waitForPage(visitor, 'the preferences to close', (state) => !state.preferences && state.settingsControl);

      await visitor.click(OPEN_PREFERENCES_LINK);
      await waitForPage(visitor, 'the preferences from the page\'s link', (state) => state.preferences);
      await visitor.click(CATEGORY_SWITCH('advertising'));
      await waitForPage(visitor, 'advertising to be switched on', (state) => state.switches.advertising?.checked);
      await visitor.click(PREFERENCES_BUTTON('save'));
      const state = await decided(visitor);
      assert.match((await consentCookie(visitor))?.value, /\|analytics:0\+advertising:1$/, 'exactly what was switched on is stored');
      assert.equal(state.pixelScripts, 0, 'analytics stays off: no pixel');
      await visitor.reload();
      await returningVisitorSettled(visitor);
      assert.equal(site.count(PIXEL_PATH), 0, 'the server never saw a pixel request');
      assertNoUncaughtErrors(visitor);
    });

    test('withdrawing analytics in the settings stops the pixel on later pages and stores analytics:0', async (t) => {
      const { site, visitor } = await firstVisit(t);
      await visitor.click(BANNER_BUTTON('accept-all'));
      await site.waitForCount(PIXEL_PATH, 1);
      await decided(visitor);
      await visitor.reload();
      await returningVisitorSettled(visitor);
      assert.equal(site.count(PIXEL_PATH), 2, 'the pixel ran after "Accept all" and on the reload');
      const consentId = (await consentCookie(visitor))?.value.split('|')[3];

      await visitor.click(SETTINGS_CONTROL);
      const opened = await waitForPage(visitor, 'the preferences', (state) => state.preferences);
      assert.equal(opened.consentId, consentId, 'the preferences show the consent id to cite');
      assert.equal(opened.switches.analytics.checked, true, 'the switches show the decision in force');
      await visitor.click(CATEGORY_SWITCH('analytics'));
      await waitForPage(visitor, 'analytics to be switched off', (state) => state.switches.analytics?.checked === false);
      await visitor.click(PREFERENCES_BUTTON('save'));
      await decided(visitor);
      const cookie = (await consentCookie(visitor))?.value;
      assert.match(cookie, /\|analytics:0\+advertising:1$/, 'the withdrawal is stored: analytics:0');
      assert.equal(cookie.split('|')[3], consentId, 'the consent id is kept across a change of mind');

      await visitor.reload();
      const reloaded = await returningVisitorSettled(visitor);
      assert.equal(reloaded.pixelScripts, 0, 'the gate inserted no pixel after the withdrawal');
      assert.equal(reloaded.banner, false, 'the withdrawal answered the banner too');
      await visitor.goto(`${site.url}/policy.html`);
      await returningVisitorSettled(visitor);
      assert.equal(site.count(PIXEL_PATH), 2, 'no pixel after the withdrawal, on any page');
      assertNoUncaughtErrors(visitor);
    });
  });
}
