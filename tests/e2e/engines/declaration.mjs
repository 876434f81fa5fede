// The cookie declaration on the demo's policy page, written once and run in each engine by
// chromium.test.mjs, firefox.test.mjs and webkit.test.mjs: the widget renders it into the page's
// <jl-consent-declaration>, readable on a 320 px phone, with the visitor's decision, which the
// banner and the declaration's own buttons change in place. Screenshots for people to look at:
// tests/e2e/artifacts/ENGINE-declaration-320.png and ENGINE-declaration-1280.png.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { serveRecordedSite } from '../support/recorded_site.mjs';
import { BANNER_BUTTON, afterNavigation, waitForPage, waitForStill } from '../support/banner_page.mjs';
import { COOKIE_NAME, findConsentCookie, readConsentCookie } from '../support/consent_cookie.mjs';
import { waitFor } from '../support/wait.mjs';
import { ARTIFACTS } from './banner_layout.mjs';

const DECLARATION_BUTTON = (action) => `jl-consent-declaration >>> [data-action="${action}"]`;

// Runs in the page (self-contained): what the declaration shows, and whether the page or a table
// of it is wider than the screen.
function readDeclaration() {
  const root = document.querySelector('jl-consent-declaration')?.shadowRoot;
  const section = root?.querySelector('.jl-decl');
  if (!section) return { rendered: false };
  const text = (selector) => root.querySelector(selector)?.textContent ?? null;
  const box = section.getBoundingClientRect();
  return {
    rendered: true,
    title: text('h2'),
    headings: [...root.querySelectorAll('h3')].map((h) => h.textContent),
    services: [...root.querySelectorAll('h4')].map((h) => h.textContent),
    lifetimes: [...root.querySelectorAll('tbody tr')].map((row) => [...row.cells].map((cell) => cell.textContent)),
    decision: {
      none: text('.jl-decl__decision .jl-facts--none'),
      consentId: text('.jl-decl__decision .jl-consent-id'),
      analytics: text('[data-category="analytics"] dd'),
      advertising: text('[data-category="advertising"] dd'),
      withdrawDisabled: root.querySelector('[data-action="withdraw"]')?.getAttribute('aria-disabled'),
    },
    left: box.left,
    right: box.right,
    widest: Math.max(...[...root.querySelectorAll('table, dl, p, h4')].map((e) => e.getBoundingClientRect().right)),
    innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
  };
}

async function waitForDeclaration(visitor, what, predicate) {
  let state;
  return waitFor(async () => {
    state = await visitor.evaluate(readDeclaration);
    return state.rendered && predicate(state) && state;
  }, { what, intervalMs: 50, describe: () => JSON.stringify(state) });
}

/** Defines the declaration's checks as one suite for `engine` (support/engines/index.mjs). */
export function declarationFlows(engine) {
  describe(`the cookie declaration on the policy page in ${engine.name}`, () => {
    for (const viewport of [{ width: 320, height: 640 }, { width: 1280, height: 800 }]) {
      test(`at ${viewport.width} px it declares every service and fits the screen`, async (t) => {
        mkdirSync(ARTIFACTS, { recursive: true });
        const site = await serveRecordedSite();
        const visitor = await engine.newVisitor({ viewport }).catch(async (error) => {
          await site.close();
          throw error;
        });
        t.after(async () => {
          await visitor.close();
          await site.close();
        });
        await visitor.setViewport(viewport);
        await visitor.goto(`${site.url}/policy.html`);
        const state = await waitForDeclaration(visitor, 'the declaration', () => true);
        assert.equal(state.title, 'Cookie и данные в вашем браузере');
        assert.deepEqual(state.headings, ['Обязательные', 'Аналитика (пиксель)', 'Реклама', 'Ваше решение']);
        assert.deepEqual(state.services, [
          'Окно согласия на cookie', 'Статистический скрипт Jet Leasing («пиксель»)', 'Яндекс Метрика', 'Яндекс Директ', 'YouTube',
        ]);
        const lifetime = (name) => state.lifetimes.find(([cell]) => cell === name)?.[2];
        assert.equal(lifetime(COOKIE_NAME), '180 дней', 'the consent cookie, with the configured lifetime');
        assert.equal(lifetime('YSC'), 'до закрытия браузера', 'YouTube\'s session cookie, as Google documents it');
        assert.equal(lifetime('_ym_*'), 'не указано', 'what a vendor does not publish says so');
        assert.equal(state.decision.none, 'Вы ещё не сделали выбор.');
        assert.ok(state.scrollWidth <= state.innerWidth, `no horizontal scrolling: ${state.scrollWidth} > ${state.innerWidth}`);
        assert.ok(state.left >= 0 && state.right <= state.innerWidth && state.widest <= state.right + 0.5,
          `the declaration and its tables fit across: ${JSON.stringify(state)}`);
        await waitForStill(visitor, 'the banner in place', (page) => page.banner && page.complete);
        // The declaration, not the policy's first lines, in the picture.
        await visitor.evaluate(() => document.querySelector('jl-consent-declaration').scrollIntoView());
        await visitor.screenshot(`${ARTIFACTS}/${engine.name}-declaration-${viewport.width}.png`);
      });
    }

    test('a decision on the banner shows in the declaration, whose buttons withdraw and reopen it', async (t) => {
      const site = await serveRecordedSite();
      const visitor = await engine.newVisitor().catch(async (error) => {
        await site.close();
        throw error;
      });
      t.after(async () => {
        await visitor.close();
        await site.close();
      });
      await visitor.goto(`${site.url}/policy.html`);
      await waitForStill(visitor, 'the banner', (page) => page.banner);
      await waitForDeclaration(visitor, 'the declaration', (state) => state.decision.none !== null);
      await visitor.click(BANNER_BUTTON('accept-all'));
      const granted = await waitForDeclaration(visitor, 'the decision in the declaration', (state) => state.decision.analytics === 'разрешено');
      assert.equal(granted.decision.advertising, 'разрешено');
      assert.match(granted.decision.consentId, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
      assert.equal(granted.decision.withdrawDisabled, 'false');

      // The pixel ran in this page view, so the withdrawal reloads the page itself, once: the new
      // page view is a returning visitor's, whose declaration shows the stored decision.
      await afterNavigation(visitor, () => visitor.click(DECLARATION_BUTTON('withdraw')), '/policy.html',
        'the reload the withdrawal makes', (page) => page.complete);
      const withdrawn = await waitForDeclaration(visitor, 'the withdrawal', (state) => state.decision.analytics === 'отклонено');
      assert.equal(withdrawn.decision.advertising, 'отклонено');
      assert.equal(withdrawn.decision.consentId, granted.decision.consentId, 'the same consent, its id kept');
      assert.equal(withdrawn.decision.withdrawDisabled, 'true', 'nothing left to withdraw');
      // WebKit writes its cookie store from the page's process, asynchronously: wait for it.
      const stored = await waitFor(async () => {
        const cookie = readConsentCookie(findConsentCookie(await visitor.cookies())?.value);
        return cookie?.choices.analytics === false && cookie;
      }, { what: 'the withdrawal in the consent cookie' });
      assert.deepEqual(stored.choices, { analytics: false, advertising: false });

      await visitor.click(DECLARATION_BUTTON('change'));
      await waitForPage(visitor, 'the preferences', (page) => page.preferences);
    });
  });
}
