// The banner's end-to-end flows, written once and run in each engine by chromium.test.mjs,
// firefox.test.mjs and webkit.test.mjs: literally the same steps. Which requests were made is read
// at the test's own server (one per visitor), so "no pixel before consent" is proven the same way
// in an engine whose driver shows no network at all.
//
// Every check waits for what it asserts: a click for its dialog to stand still, a cookie for the
// value expected (WebKit writes its cookie store from the page's process, asynchronously), a page
// load for the new document, a request count for the server to have seen it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { serveRecordedSite } from '../support/recorded_site.mjs';
import {
  BANNER_BUTTON, PREFERENCES_BUTTON, CATEGORY_SWITCH, SETTINGS_CONTROL, OPEN_PREFERENCES_LINK,
  waitForPage, waitForStill, afterNavigation, pinVariant,
} from '../support/banner_page.mjs';
import { PIXEL_PATH } from '../support/site.mjs';
import { COOKIE_FORMAT, findConsentCookie, readConsentCookie } from '../support/consent_cookie.mjs';
import { waitFor } from '../support/wait.mjs';

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
        try {
          await visitor.close();
        } finally {
          await site.close();
        }
      });
      return { site, visitor };
    }

    // The banner, risen and still, for a visitor of the pinned A/B variant.
    async function firstVisit(t) {
      const { site, visitor } = await newVisitor(t);
      await pinVariant(visitor, site.url);
      await visitor.goto(`${site.url}/`);
      await waitForStill(visitor, 'the banner', (state) => state.banner);
      return { site, visitor };
    }

    // After a reload or a link: the new page has settled, stage 2 has applied the decision in
    // force (the settings control shows). A pixel the gate inserts on load delays the load event,
    // so by then the server has seen it.
    const returningVisit = (visitor, navigate, path = '/') => afterNavigation(
      visitor, navigate, path, `the returning visitor's ${path} to settle`,
      (state) => state.complete && state.settingsControl,
    );

    // After a click that decides: the banner or preferences closed, the decision applied.
    const decided = (visitor) => waitForPage(
      visitor, 'the decision to be applied',
      (state) => !state.banner && !state.preferences && state.settingsControl && state.decision !== null,
    );

    // The consent cookie once its value matches `pattern`: a cookie is read until it says what the
    // page shows, never once.
    const cookieMatching = (visitor, pattern) => {
      let last;
      return waitFor(async () => {
        last = findConsentCookie(await visitor.cookies());
        return last && pattern.test(last.value) && last;
      }, { what: `the consent cookie to match ${pattern}`, describe: () => JSON.stringify(last) });
    };

    function assertNoUncaughtErrors(visitor) {
      // null: this engine's driver cannot read them (WebKit's classic WebDriver).
      if (visitor.pageErrors !== null) assert.deepEqual(visitor.pageErrors, [], 'no uncaught error reached the page');
    }

    test('a first visit shows the banner, a labelled dialog citing the policy, and requests no pixel', async (t) => {
      const { site, visitor } = await firstVisit(t);
      const state = await waitForPage(visitor, 'the load event', (s) => s.complete);
      assert.equal(state.banner, true, 'the banner is shown');
      assert.deepEqual(
        { role: state.bannerDialog.role, label: state.bannerDialog.label },
        { role: 'dialog', label: 'Cookie и ваши данные' },
        'a dialog named by its title',
      );
      assert.match(state.bannerDialog.text, /ТОО «Jet Leasing» \(merchant@jetfin\.kz\)/, 'it names who asks and their contact');
      // The whole summary, each point with its clause, opens in place from the first layer.
      await visitor.click('jl-consent >>> #jl-banner-more');
      const opened = await waitForPage(visitor, 'the whole summary', (s) => /пиксель/.test(s.bannerDialog?.text ?? ''));
      assert.match(opened.bannerDialog.text, /п\. 3\.3/, 'it cites the policy\'s clauses');
      assert.equal(state.settingsControl, false, 'the settings control waits for a decision');
      assert.equal(state.pixelScripts, 0, 'the gate inserted no pixel');
      assert.equal(site.count(PIXEL_PATH), 0, 'the server saw no pixel request');
      assert.ok(site.count(WASM_PATH) > 0, 'the widget was fetched');
      assert.equal(findConsentCookie(await visitor.cookies()), undefined, 'nothing is stored before a decision');
      assertNoUncaughtErrors(visitor);
    });

    test('"Reject all" stores analytics:0, requests no pixel, and a reload shows no banner and no pixel', async (t) => {
      const { site, visitor } = await firstVisit(t);
      await visitor.click(BANNER_BUTTON('reject-all'));
      const state = await decided(visitor);
      assert.equal(state.pixelScripts, 0, 'the gate inserted no pixel after "Reject all"');
      const cookie = await cookieMatching(visitor, /\|analytics:0\+advertising:0$/);
      assert.match(cookie.value, COOKIE_FORMAT);
      assert.equal(readConsentCookie(cookie.value).consentId, state.decision.consentId, 'the cookie holds the decision the page applied');
      assert.equal(cookie.path, '/', 'the cookie is for the whole site');
      assert.equal(cookie.sameSite, 'Lax');
      // Max-Age=180 days; Firefox and WebKit keep the expiry in whole seconds, so it may be up to 1 s later.
      const lifetime = cookie.expires - Date.now() / 1000;
      assert.ok(lifetime > 179.9 * 86400 && lifetime <= 180 * 86400 + 1, `the cookie lasts 180 days, not ${lifetime / 86400}`);

      const wasmBefore = site.count(WASM_PATH);
      const reloaded = await returningVisit(visitor, () => visitor.reload());
      assert.equal(reloaded.banner, false, 'no banner for a returning visitor');
      assert.deepEqual(reloaded.decision?.choices, { analytics: false, advertising: false }, 'the refusal is in force');
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
      await cookieMatching(visitor, /\|analytics:1\+advertising:1$/);
      assert.equal(site.count(PIXEL_PATH), 1, 'the pixel is requested once');

      const reloaded = await returningVisit(visitor, () => visitor.reload());
      assert.equal(reloaded.banner, false, 'no banner for a returning visitor');
      await site.waitForCount(PIXEL_PATH, 2);
      assert.equal(site.count(PIXEL_PATH), 2, 'the pixel is requested again on the next page load, once');
      await returningVisit(visitor, () => visitor.goto(`${site.url}/policy.html`), '/policy.html');
      await site.waitForCount(PIXEL_PATH, 3);
      assert.equal(site.count(PIXEL_PATH), 3, 'and on every other page');
      assertNoUncaughtErrors(visitor);
    });

    test('the banner\'s preferences store exactly what is switched on (analytics only) and load the pixel', async (t) => {
      const { site, visitor } = await firstVisit(t);
      await visitor.click(BANNER_BUTTON('preferences'));
      const opened = await waitForStill(visitor, 'the preferences', (state) => state.preferences);
      assert.deepEqual(opened.switches, {
        necessary: { checked: true, disabled: true, label: 'Обязательные' },
        analytics: { checked: false, disabled: false, label: 'Аналитика (пиксель)' },
        advertising: { checked: false, disabled: false, label: 'Реклама' },
      }, 'optional categories start off; strictly necessary is on for good; each switch is labelled');
      await visitor.click(CATEGORY_SWITCH('analytics'));
      const switched = await waitForPage(visitor, 'analytics to be switched on', (state) => state.switches.analytics?.checked);
      assert.equal(switched.switches.advertising.checked, false, 'only the switch clicked changed');
      assert.equal(site.count(PIXEL_PATH), 0, 'flipping a switch is not yet a decision');
      await visitor.click(PREFERENCES_BUTTON('save'));
      await site.waitForCount(PIXEL_PATH, 1);
      await decided(visitor);
      await cookieMatching(visitor, /\|analytics:1\+advertising:0$/);
      assertNoUncaughtErrors(visitor);
    });

    test('"Cookie settings" and a data-jl-consent-open link open the preferences; "save" stores what is on', async (t) => {
      const { site, visitor } = await firstVisit(t);
      await visitor.click(BANNER_BUTTON('reject-all'));
      await decided(visitor);

      await visitor.click(SETTINGS_CONTROL);
      const fromControl = await waitForStill(visitor, 'the preferences from the settings control', (state) => state.preferences);
      assert.equal(fromControl.switches.analytics.checked, false, 'the switches show the decision in force');
      assert.equal(fromControl.switches.advertising.checked, false, 'advertising is off as refused');
      await visitor.click(PREFERENCES_BUTTON('close'));
      await waitForPage(visitor, 'the preferences to close', (state) => !state.preferences && state.settingsControl);

      await visitor.click(OPEN_PREFERENCES_LINK);
      await waitForStill(visitor, 'the preferences from the page\'s link', (state) => state.preferences);
      await visitor.click(CATEGORY_SWITCH('advertising'));
      await waitForPage(visitor, 'advertising to be switched on', (state) => state.switches.advertising?.checked);
      await visitor.click(PREFERENCES_BUTTON('save'));
      const state = await decided(visitor);
      await cookieMatching(visitor, /\|analytics:0\+advertising:1$/);
      assert.equal(state.pixelScripts, 0, 'analytics stays off: no pixel');
      await returningVisit(visitor, () => visitor.reload());
      assert.equal(site.count(PIXEL_PATH), 0, 'the server never saw a pixel request');
      assertNoUncaughtErrors(visitor);
    });

    test('withdrawing analytics in the settings stops the pixel on later pages and stores analytics:0', async (t) => {
      const { site, visitor } = await firstVisit(t);
      await visitor.click(BANNER_BUTTON('accept-all'));
      await site.waitForCount(PIXEL_PATH, 1);
      await decided(visitor);
      const { consentId } = readConsentCookie((await cookieMatching(visitor, /\|analytics:1\+advertising:1$/)).value);
      await returningVisit(visitor, () => visitor.reload());
      await site.waitForCount(PIXEL_PATH, 2);
      assert.equal(site.count(PIXEL_PATH), 2, 'the pixel ran after "Accept all" and on the reload');

      await visitor.click(SETTINGS_CONTROL);
      const opened = await waitForStill(visitor, 'the preferences', (state) => state.preferences);
      assert.equal(opened.consentId, consentId, 'the preferences show the consent id to cite');
      assert.match(opened.decidedAt ?? '', /\d{4}/, 'and the date of the decision');
      assert.equal(opened.switches.analytics.checked, true, 'the switches show the decision in force');
      await visitor.click(CATEGORY_SWITCH('analytics'));
      await waitForPage(visitor, 'analytics to be switched off', (state) => state.switches.analytics?.checked === false);
      // The pixel ran in this page view, so the withdrawal reloads the page itself, once.
      const reloaded = await returningVisit(visitor, () => visitor.click(PREFERENCES_BUTTON('save')));
      const cookie = await cookieMatching(visitor, /\|analytics:0\+advertising:1$/);
      assert.equal(readConsentCookie(cookie.value).consentId, consentId, 'the consent id is kept across a change of mind');
      assert.equal(reloaded.pixelScripts, 0, 'the gate inserted no pixel after the withdrawal');
      assert.equal(reloaded.banner, false, 'the withdrawal answered the banner too');
      await returningVisit(visitor, () => visitor.goto(`${site.url}/policy.html`), '/policy.html');
      assert.equal(site.count(PIXEL_PATH), 2, 'no pixel after the withdrawal, on any page');
      assertNoUncaughtErrors(visitor);
    });
  });
}
