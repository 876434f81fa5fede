// Two real analytics SDKs from npm (posthog-js and mixpanel-browser), each started by its vendor's
// official snippet held back for analytics (tests/fixtures/trackers/), in each engine: what they
// send is counted at the vendors' made-up hosts (the visitor's browser uses the test's server as its
// proxy), what they write is read from the page's cookies and storage. Nothing before a decision,
// nothing after "reject all", events after "accept all" — and after a withdrawal the page reloads
// once, and nothing more is sent or written back, in that page view or the next.
//
// Waits: a positive signal first (the banner, a decision reported by the page, the reload's
// request), then a quiet window that outlasts the SDKs' own timers, sampled all along.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  afterNavigation, BANNER_BUTTON, CATEGORY_SWITCH, PREFERENCES_BUTTON, SETTINGS_CONTROL, waitForPage,
} from '../support/banner_page.mjs';
import { COOKIE_NAME } from '../support/consent_cookie.mjs';
import { serveTrackerSite, SINGLE_PAGE_APP, TRACKER_PAGE } from '../support/tracker_site.mjs';
import { waitFor } from '../support/wait.mjs';

// posthog-js sends its queue every 3 s (request_queue_config.flush_interval_ms, at most 5 s) and
// retries a failed send after 3 s; mixpanel-browser sends its batch every 5 s
// (batch_flush_interval_ms). A quiet window outlasts the longest of them.
const LONGEST_SDK_TIMER_MS = 5000;
const QUIET_WINDOW_MS = LONGEST_SDK_TIMER_MS + 1500;
const SAMPLE_EVERY_MS = 250;

// What the widget tells the visitor after the reload, in the page's language (the core's texts).
const STAGE2_TEXTS = JSON.parse(readFileSync(new URL('../../../loader/data/stage2-texts.json', import.meta.url), 'utf8'));
const RELOADED_NOTICE = STAGE2_TEXTS.en.withdrawalReloaded;

// What a tracker loads after the withdrawal, before the page has gone (marked, to be found).
const LATE_MARK = 'loaded-while-leaving';
const LATE_LOADS = {
  script: `http://eu.posthog.example/static/surveys.js?${LATE_MARK}`,
  image: `http://api-js.mixpanel.example/track/?${LATE_MARK}`,
};

// The widget's own cookie and storage keys all start so; anything else on these pages is a tracker's.
const isTrackerKey = (name) => !name.startsWith(COOKIE_NAME);
const cookieNames = (cookie) => String(cookie).split(';').map((pair) => pair.split('=')[0].trim()).filter(Boolean);

// A vendor's event requests (not its script files): PostHog's capture endpoints, Mixpanel's /track.
const isEventRequest = (request) => (request.vendor === 'posthog' && /^\/(e|i\/v0\/e|batch|capture)\/?$/.test(request.path))
  || (request.vendor === 'mixpanel' && /^\/track\/?$/.test(request.path));

/** Runs in the page (self-contained): what the trackers left, and what the visitor sees of the widget's notice. */
function readTraces() {
  const keys = (name) => { try { return Object.keys(window[name]); } catch { return []; } };
  const settings = document.querySelector('jl-consent-settings')?.shadowRoot;
  const notice = settings?.querySelector('.jl-notice');
  return {
    complete: document.readyState === 'complete',
    navigation: performance.getEntriesByType('navigation')[0]?.type ?? null,
    cookie: document.cookie,
    localStorage: keys('localStorage'),
    sessionStorage: keys('sessionStorage'),
    start: window.__trackerProbe?.start ?? null,
    notice: notice && !notice.hidden ? notice.querySelector('[role="status"]')?.textContent ?? '' : null,
    focusOnSettings: document.activeElement?.tagName === 'JL-CONSENT-SETTINGS'
      && !!settings?.activeElement?.classList.contains('jl-open'),
    scrollY: Math.round(window.scrollY),
    heldBack: document.querySelectorAll('script[type="text/plain"][data-consent]').length,
  };
}

/** The trackers' cookies and storage keys in a snapshot (or a probe's start snapshot). */
function trackerKeys(snapshot) {
  if (!snapshot) return [];
  return [
    ...cookieNames(snapshot.cookie).filter(isTrackerKey).map((name) => `cookie ${name}`),
    ...(snapshot.localStorage ?? []).filter(isTrackerKey).map((name) => `localStorage ${name}`),
    ...(snapshot.sessionStorage ?? []).filter(isTrackerKey).map((name) => `sessionStorage ${name}`),
  ];
}

/** Defines the tracker flows as one suite for `engine` (support/engines/index.mjs: engineForSuite). */
export function trackerFlows(engine) {
  describe(`real analytics SDKs held back, in ${engine.name}`, () => {
    async function newVisitor(t) {
      const site = await serveTrackerSite();
      const visitor = await engine.newVisitor({ proxy: site.proxy }).catch(async (error) => {
        await site.close();
        throw error;
      });
      t.after(async () => {
        await visitor.close();
        await site.close();
      });
      return { site, visitor };
    }

    // The page's traces; a navigation in between makes a read fail, and the next page answers.
    // The project's usual patience: a busy machine's WebKit can take seconds to answer after a navigation.
    const traces = (visitor) => waitFor(() => visitor.evaluate(readTraces), { what: 'the page to answer' });

    // Polls the page until `predicate(state)` holds or `timeoutMs` passed; resolves with the last
    // state either way (the caller asserts on it, after measuring everything else).
    async function pollTraces(visitor, predicate, timeoutMs = 5000) {
      let state = null;
      return waitFor(async () => {
        state = await traces(visitor);
        return predicate(state) && state;
      }, { what: 'the page to show what was expected', timeoutMs }).catch(() => state);
    }

    // Samples the page for the quiet window; resolves with every tracker key seen at any sample.
    async function watchQuietWindow(visitor) {
      const seen = new Set();
      const end = Date.now() + QUIET_WINDOW_MS;
      while (Date.now() < end) {
        for (const key of trackerKeys(await traces(visitor))) seen.add(key);
        await new Promise((tick) => setTimeout(tick, SAMPLE_EVERY_MS));
      }
      for (const key of trackerKeys(await traces(visitor))) seen.add(key);
      return [...seen];
    }

    const documentRequests = (site, since = -1, page = TRACKER_PAGE) => site.requests.filter((r) => r.vendor === null && r.path === page && r.seq > since);

    // Vendor requests that left the page after the decision the probe reported: stamped by the
    // SDK at or after the decision's moment, or unstamped and seen after the report.
    const sentAfter = (site, report) => site.vendorRequests()
      .filter((r) => (r.sentAt !== null ? r.sentAt >= report.at : r.seq > report.seq));

    const describeRequests = (requests) => requests
      .map((r) => `${r.method} ${r.host}${r.path}${r.events.length ? ` [${r.events.join(' ')}]` : ''}`).join(', ') || 'none';

    async function firstVisit(t, page = TRACKER_PAGE) {
      const { site, visitor } = await newVisitor(t);
      await visitor.goto(`${site.url}${page}`);
      await waitForPage(visitor, 'the banner', (state) => state.banner && state.complete);
      return { site, visitor };
    }

    const isDecided = (state) => state.complete && !state.banner && !state.preferences && state.settingsControl && state.decision !== null;
    const decided = (visitor) => waitForPage(visitor, 'the decision to be applied', isDecided);

    // The visitor switches `category` off in the preferences and saves; resolves with the page view
    // the decision was made in (the seq of its document request) and the page's "change" report.
    async function withdrawInPreferences(site, visitor, category, page = TRACKER_PAGE) {
      await visitor.click(SETTINGS_CONTROL);
      await waitForPage(visitor, 'the preferences', (state) => state.preferences && state.switches[category]?.checked);
      await visitor.click(CATEGORY_SWITCH(category));
      await waitForPage(visitor, `${category} to be switched off`, (state) => state.switches[category]?.checked === false);
      const pageView = documentRequests(site, -1, page).at(-1).seq;
      await visitor.click(PREFERENCES_BUTTON('save'));
      await site.waitFor('the page to report the change', () => site.decisions.some((d) => d.event === 'change'));
      return { pageView, report: site.decisions.find((d) => d.event === 'change') };
    }

    // After "accept all": both SDKs started, sent events and wrote their ids.
    async function acceptAllAndSeeTrackersRun(t, site, visitor) {
      await visitor.click(BANNER_BUTTON('accept-all'));
      await decided(visitor);
      await site.waitFor('PostHog and Mixpanel to send events', () => ['posthog', 'mixpanel']
        .every((vendor) => site.vendorRequests(vendor).some(isEventRequest)));
      let keys = [];
      await waitFor(async () => {
        keys = trackerKeys(await traces(visitor));
        return keys.some((k) => k.includes('ph_')) && keys.some((k) => k.includes('mp_'));
      }, { what: 'PostHog and Mixpanel to write their ids', describe: () => keys.join(', ') });
      t.diagnostic(`${engine.name}, after "accept all": ${site.vendorRequests().length} request(s) to the vendors `
        + `(${site.vendorRequests().filter(isEventRequest).length} with events); written: ${keys.join(', ')}`);
      return keys;
    }

    test('before a decision, after "reject all" and on the next page view the SDKs are not even fetched: nothing sent, nothing written', async (t) => {
      const { site, visitor } = await firstVisit(t);
      const before = await watchQuietWindow(visitor);
      assert.equal((await traces(visitor)).heldBack, 2, 'both snippets are still held back');
      assert.deepEqual(site.vendorRequests(), [], 'no request reached a vendor before a decision');
      assert.deepEqual(before, [], 'no tracker cookie or storage key before a decision');

      await visitor.click(BANNER_BUTTON('reject-all'));
      await decided(visitor);
      const afterRefusal = await watchQuietWindow(visitor);
      assert.deepEqual(site.vendorRequests(), [], 'no request reached a vendor after "reject all"');
      assert.deepEqual(afterRefusal, [], 'no tracker cookie or storage key after "reject all"');

      await visitor.goto(`${site.url}${TRACKER_PAGE}`);
      await decided(visitor);
      const nextPage = await watchQuietWindow(visitor);
      assert.deepEqual(site.vendorRequests(), [], 'no request reached a vendor on the next page view');
      assert.deepEqual(nextPage, [], 'no tracker cookie or storage key on the next page view');
    });

    test('"accept all" starts both SDKs; withdrawing analytics reloads the page once, after which nothing is sent or written back, in that page view or the next', async (t) => {
      const { site, visitor } = await firstVisit(t);
      const written = await acceptAllAndSeeTrackersRun(t, site, visitor);
      for (const vendor of ['ph_', 'mp_']) assert.ok(written.some((k) => k.startsWith(`cookie ${vendor}`)), `a ${vendor}* id cookie was written: ${written}`);
      assert.ok(written.some((k) => k.startsWith('localStorage')), `the SDKs wrote to localStorage: ${written}`);

      // The visitor has read down the page, then withdraws analytics in the settings. A tracker's
      // timer that fires after the withdrawal, before the reload is under way, loads a script and
      // an image from the vendors (as PostHog loads its extensions): neither may leave the page.
      await visitor.evaluate(() => window.scrollTo(0, 900));
      await visitor.evaluate((urls) => {
        document.addEventListener('jl-consent:change', () => setTimeout(() => {
          const script = document.createElement('script');
          script.src = urls.script;
          document.head.append(script);
          new Image().src = urls.image;
        }), { once: true });
      }, LATE_LOADS);
      const { pageView: pageViewBefore, report } = await withdrawInPreferences(site, visitor, 'analytics');

      // Everything is measured first and asserted at the end, so that a build without the reload
      // (the figures before this change) runs the same steps and reports what its SDKs did.
      const reloadSeen = await site.waitFor('the reload', () => documentRequests(site, pageViewBefore).length > 0, 5000).then(() => true, () => false);
      await decided(visitor);
      const restored = await pollTraces(visitor, (state) => state.notice && state.focusOnSettings);
      // The visitor goes on using the page: a click that PostHog's autocapture would record.
      await visitor.click('#call-back');
      const keysAfter = await watchQuietWindow(visitor);
      const sent = sentAfter(site, report);
      const reloads = documentRequests(site, pageViewBefore);
      t.diagnostic(`${engine.name}, after the withdrawal: ${sent.length} request(s) to the vendors (${describeRequests(sent)}); `
        + `written: ${keysAfter.join(', ') || 'nothing'}; page loads: ${reloads.length}`);

      // The next page view: nothing either.
      const nextView = site.requests.length;
      await visitor.goto(`${site.url}${TRACKER_PAGE}`);
      await decided(visitor);
      await visitor.click('#call-back');
      const nextKeys = await watchQuietWindow(visitor);
      const next = await traces(visitor);
      const nextSent = site.vendorRequests().filter((r) => r.seq >= nextView);
      const sentInAll = sentAfter(site, report);
      t.diagnostic(`${engine.name}, the next page view: ${nextSent.length} request(s) to the vendors (${describeRequests(nextSent)}); `
        + `written: ${nextKeys.join(', ') || 'nothing'}; there at its start: ${trackerKeys(next.start).join(', ') || 'nothing'}`);
      t.diagnostic(`${engine.name}, sent after the withdrawal in all: ${sentInAll.length} request(s) (${describeRequests(sentInAll)})`);

      assert.deepEqual(report.detail.withdrawn, ['analytics'], 'the change event says what was withdrawn');
      assert.equal(report.detail.reloadSkipped, false);
      assert.ok(reloadSeen, 'the page reloaded');
      assert.equal(reloads.length, 1, 'exactly once');
      assert.deepEqual(sent, [], 'nothing reached a vendor after the withdrawal');
      assert.deepEqual(site.requests.filter((r) => r.query.includes(LATE_MARK)), [], 'a script or an image loaded after the withdrawal reached nobody');
      assert.deepEqual(keysAfter, [], 'no tracker cookie or storage key after the withdrawal');
      assert.deepEqual(cookieNames(reloads[0].cookie).filter(isTrackerKey), [], 'the reload carried no tracker cookie: none was written back as the page left');
      assert.equal(restored.navigation, 'reload');
      assert.deepEqual(trackerKeys(restored.start), [], 'the reloaded page started with no tracker key');
      assert.equal(restored.heldBack, 2, 'both snippets are held back again');
      assert.ok(site.receipts.some((r) => r.action === 'withdraw'), `the withdrawal's receipt reached the consent log: ${JSON.stringify(site.receipts.map((r) => r.action))}`);
      // The visitor is told why, and finds focus and scroll where they were.
      assert.equal(restored.notice, RELOADED_NOTICE, 'the notice says why the page reloaded');
      assert.equal(restored.focusOnSettings, true, 'focus is back on the settings control');
      assert.ok(Math.abs(restored.scrollY - 900) <= 2, `the page is scrolled where it was: ${restored.scrollY}`);

      assert.deepEqual(nextSent, [], 'nothing reached a vendor on the next page view');
      assert.deepEqual(sentInAll, [], 'nothing sent after the withdrawal reached a vendor, ever');
      assert.deepEqual(nextKeys, [], 'no tracker cookie or storage key on the next page view');
      assert.deepEqual(trackerKeys(next.start), [], 'the next page view started with no tracker key');
    });

    test('withdrawing a category that never ran reloads nothing; JetConsent.rejectAll() and reset() after trackers ran reload once', async (t) => {
      const { site, visitor } = await firstVisit(t);
      await acceptAllAndSeeTrackersRun(t, site, visitor);

      // Advertising holds nothing back on this page: its withdrawal stops nothing, so nothing reloads
      // and analytics goes on (PostHog's next batch comes from the same page view).
      await visitor.evaluate(() => { window.sameView = true; });
      const { pageView, report } = await withdrawInPreferences(site, visitor, 'advertising');
      assert.deepEqual(report.detail.withdrawn, ['advertising']);
      await site.waitFor('PostHog to send again after the change', () => sentAfter(site, report).some(isEventRequest));
      assert.equal(await visitor.evaluate(() => window.sameView === true), true, 'the same page view goes on');
      assert.deepEqual(documentRequests(site, pageView), [], 'no reload');

      // The page's own "reject all" withdraws analytics, which ran: one reload.
      // The server sees the reload's request before the browser has left the page, and the page
      // left behind is decided too: wait for the new document.
      await afterNavigation(visitor, async () => {
        await visitor.evaluate(() => { window.JetConsent.rejectAll(); });
        await site.waitFor('the reload after rejectAll()', () => documentRequests(site, pageView).length === 1);
      }, TRACKER_PAGE, 'the reloaded page, decided', isDecided);
      assert.deepEqual(site.decisions.filter((d) => d.event === 'change').at(-1).detail.withdrawn, ['analytics']);

      // Granted again, then forgotten with reset(): what ran is withdrawn, one reload, the banner asks again.
      await visitor.evaluate(() => { window.JetConsent.acceptAll(); });
      const resumed = site.requests.length;
      await site.waitFor('PostHog to send again after acceptAll()', () => site.vendorRequests('posthog').some((r) => r.seq >= resumed && isEventRequest(r)));
      const beforeReset = documentRequests(site).at(-1).seq;
      // The page left behind shows the banner again too (a reset asks at once), and its trackers
      // may write their keys back until it goes: wait for the new document, as for rejectAll().
      let resetAt;
      const reloaded = await afterNavigation(visitor, async () => {
        resetAt = await visitor.evaluate(() => {
          const at = Date.now();
          window.JetConsent.reset();
          return at;
        });
        await site.waitFor('the reload after reset()', () => documentRequests(site, beforeReset).length === 1);
      }, TRACKER_PAGE, 'the reloaded page, the banner asking again', (state) => state.banner && state.complete);
      assert.equal(reloaded.decision, null, 'the decision is forgotten');
      const afterReset = documentRequests(site, beforeReset)[0].seq;
      const keys = await watchQuietWindow(visitor);
      // Stamped by the SDK after reset() (a batch in flight before it may arrive after the reload's
      // request), or unstamped and seen after the reload's request.
      assert.deepEqual(sentAfter(site, { at: resetAt, seq: afterReset }), [], 'nothing reached a vendor after reset()');
      assert.deepEqual(keys, [], 'no tracker cookie or storage key after reset()');
      assert.equal(documentRequests(site, beforeReset).length, 1, 'one reload, no more');
    });

    // What the widget promises with the reload off; what the SDKs then do is the site's to stop,
    // and reported (in all three engines PostHog still sent the clicks it had queued before its
    // opt_out_capturing(), in one request: the cost README.md names).
    test('with the reload off nothing reloads: the change event names what was withdrawn and that the reload was skipped, and the site\'s listener can stop its vendors', async (t) => {
      const { site, visitor } = await firstVisit(t, SINGLE_PAGE_APP);
      await acceptAllAndSeeTrackersRun(t, site, visitor);
      const { pageView, report } = await withdrawInPreferences(site, visitor, 'analytics', SINGLE_PAGE_APP);
      assert.deepEqual(report.detail.withdrawn, ['analytics']);
      assert.equal(report.detail.reloadSkipped, true, 'the site is told that it must stop what runs');
      await decided(visitor);
      assert.equal(await visitor.evaluate(() => document.documentElement.dataset.vendorsStopped), 'true', "the site's listener opted both SDKs out");

      await visitor.click('#call-back');
      const keys = await watchQuietWindow(visitor);
      const sent = sentAfter(site, report);
      t.diagnostic(`${engine.name}, reload off, after the withdrawal and the vendors' opt-outs: ${sent.length} request(s) `
        + `(${describeRequests(sent)}); written: ${keys.join(', ') || 'nothing'}`);
      assert.deepEqual(documentRequests(site, pageView, SINGLE_PAGE_APP), [], 'no reload');
      assert.equal(await visitor.evaluate(() => document.documentElement.dataset.vendorsStopped), 'true', 'the same page view goes on');
    });
  });
}
