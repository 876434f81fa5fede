// The loader's gate on a returning visit: the pixel is requested exactly when the cookie grants
// analytics for the current revision, and never otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { heldBack, runLoader } from './fake_page.mjs';

const CONFIG = JSON.stringify({ revision: 2, pixelUrl: '/pixel.js', cookie: { name: 'jl_consent' } });
const ID = '7K3M9Q2XA4BC8DEF';
const cookie = (revision, analytics, advertising, name = 'jl_consent') =>
  `other=1; ${name}=1|${revision}|1764100000|${ID}|analytics:${analytics}+advertising:${advertising}`;

test('a cookie granting analytics requests the pixel once, without loading the widget', () => {
  const page = runLoader({ config: CONFIG, cookie: cookie(2, 1, 0) });
  assert.deepEqual(page.pixelUrls, ['/pixel.js']);
  assert.equal(page.api.isGranted('analytics'), true);
  assert.equal(page.api.isGranted('advertising'), false);
  assert.deepEqual(page.plain(page.api.getDecision()), {
    consentId: ID, revision: 2, decidedAt: 1764100000, choices: { analytics: true, advertising: false },
  });
});

test('a refusal, a missing cookie or a broken cookie requests nothing', () => {
  for (const value of [cookie(2, 0, 1), '', 'jl_consent=garbage', `jl_consent=1|2|1764100000|${ID}|analytics:1+`]) {
    const page = runLoader({ config: CONFIG, cookie: value });
    assert.deepEqual(page.pixelUrls, [], value);
    assert.equal(page.api.isGranted('analytics'), false, value);
  }
});

test('a decision made under an older policy revision no longer opens the gate', () => {
  const page = runLoader({ config: CONFIG, cookie: cookie(1, 1, 1) });
  assert.deepEqual(page.pixelUrls, []);
  assert.equal(page.api.getDecision(), null);
});

test('a decision that misses a category is asked again', () => {
  const page = runLoader({ config: CONFIG, cookie: `jl_consent=1|2|1764100000|${ID}|analytics:1` });
  assert.deepEqual(page.pixelUrls, []);
});

test('only the configured cookie name counts', () => {
  const page = runLoader({ config: CONFIG, cookie: cookie(2, 1, 1, 'jl_consent_old') });
  assert.deepEqual(page.pixelUrls, []);
});

// A visitor granted everything under revision 1; the site then moved to revision 3 and its
// configuration broke. Read with the defaults, the old decision would count again.
const BROKEN_CONFIGURATIONS = [
  ['a JSON syntax error', '{"revision": 3, "pixelUrl": "/pixel.js",}', null],
  ['a truncated block', '{"revision": 3, "pixelUrl": "/pix', null],
  ['an array instead of an object', '[{"revision": 3, "pixelUrl": "/pixel.js"}]', null],
  ['the revision as a string', '{"revision": "3", "pixelUrl": "/pixel.js"}', 'revision'],
  ['a revision of 0', '{"revision": 0, "pixelUrl": "/pixel.js"}', 'revision'],
  ['a revision of null', '{"revision": null, "pixelUrl": "/pixel.js"}', 'revision'],
  ['no configuration block at all', null, null],
  ['an empty configuration block', '  ', null],
];

for (const [why, config, key] of BROKEN_CONFIGURATIONS) {
  test(`${why}: no stored decision opens anything optional, and the console says why`, () => {
    const blocked = [heldBack('script', { type: 'text/plain', 'data-consent': 'analytics', src: '/tracker.js' })];
    const page = runLoader({ config, cookie: cookie(1, 1, 1), blocked });
    assert.deepEqual(page.pixelUrls, [], 'no pixel');
    assert.equal(blocked[0].__jlActivated, undefined, 'the held-back script stays held back');
    assert.equal(page.api.isGranted('analytics'), false);
    assert.equal(page.api.getDecision(), null);
    const updates = page.dataLayer.filter((entry) => entry[0] === 'consent' && entry[1] === 'update');
    assert.deepEqual(updates, [], 'no Consent Mode update grants anything');
    assert.equal(page.requests.length, 0, 'the widget is not fetched: it stays off');
    assert.equal(page.errors.length, 1, `one console error: ${page.errors.join(' | ')}`);
    assert.match(page.errors[0], /the widget stays off until it is fixed/);
    if (key) assert.match(page.errors[0], new RegExp(`configuration key "${key}"`));
    page.settle();
    assert.equal(page.body.children.length, 0, 'no settings control either, even after the page painted');
    assert.equal(page.requests.length, 0, 'and nothing fetched later');
  });
}

test('with a configuration that cannot be used, the API answers and opens nothing', async () => {
  const page = runLoader({ config: '{"revision": "3"}', cookie: cookie(3, 1, 1) });
  await page.api.showPreferences();
  await page.api.acceptAll();
  assert.equal(page.requests.length, 0);
  assert.ok(page.warnings.some((w) => /the widget stays off/.test(w)), page.warnings.join(' | '));
});

test("a problem in one key is reported on the returning visitor's path too, and the rest applies", () => {
  const config = JSON.stringify({ revision: 2, pixelURL: '/other.js', pixelUrl: '/pixel.js', theme: 'night', cookie: { name: 'jl_consent' } });
  const page = runLoader({ config, cookie: cookie(2, 1, 0) });
  assert.deepEqual(page.pixelUrls, ['/pixel.js'], 'the good keys still apply');
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.warnings, [
    'jl-consent: configuration key "pixelURL": unknown key, ignored (did you mean "pixelUrl"?)',
    'jl-consent: configuration key "theme": expected one of "auto", "light", "dark", found "night"; using the default',
  ]);
});

test('the strictly necessary category is always granted', () => {
  assert.equal(runLoader({ config: CONFIG }).api.isGranted('necessary'), true);
});

const throwing = () => { throw new Error('hostile'); };
const HOSTILE = [
  undefined, null, 0, NaN, '', {}, [], Symbol('x'), 10n, () => 'analytics', Object.create(null),
  { toString: throwing }, { [Symbol.toPrimitive]: throwing }, [{ toString: throwing }],
  new Proxy({}, { get: throwing, has: throwing, ownKeys: throwing, getPrototypeOf: throwing }),
];

test('the API never throws, whatever it is given', async () => {
  // Offline: the widget cannot load, so every action is answered by the loader itself.
  const page = runLoader({ config: CONFIG, cookie: cookie(2, 1, 0), fetch: () => Promise.reject(new TypeError('offline')) });
  const { api } = page;
  for (const value of HOSTILE) {
    assert.doesNotThrow(() => api.isGranted(value));
    assert.doesNotThrow(() => api.getDecision(value));
  }
  // Every action answers a promise, whatever its arguments, and the promise settles.
  for (const name of ['show', 'showPreferences', 'acceptAll', 'rejectAll', 'acceptCategory', 'reset', 'on', 'off']) {
    for (const [i, value] of HOSTILE.entries()) {
      let answer;
      assert.doesNotThrow(() => { answer = api[name](value, value); }, `${name}(#${i})`);
      assert.equal(typeof answer?.then, 'function', `${name}(#${i}) answers a promise`);
      await assert.doesNotReject(answer, `${name}(#${i})`);
    }
  }
  assert.ok(Object.isFrozen(api));
});

test('a returning visitor\'s pixel is requested at once; the settings control waits for the page\'s first paint', () => {
  const page = runLoader({ config: CONFIG, cookie: cookie(2, 1, 0), lang: 'kk' });
  assert.deepEqual(page.pixelUrls, ['/pixel.js'], 'the gate opens before anything is painted');
  const control = () => page.body.children.find((c) => c.tagName === 'JL-CONSENT-SETTINGS');
  assert.equal(control(), undefined, 'nothing is added to the page during its start-up task');
  page.paint();
  const host = control();
  assert.ok(host, 'the control host is on the page after its first paint');
  const button = host.shadowRoot.children.find((c) => c.tagName === 'BUTTON');
  assert.equal(button.hidden, false);
  assert.equal(button.getAttribute('aria-label'), 'Cookie баптаулары', 'labelled in the page language');
});

test('a "decision" listener added after the decision was announced gets it in a task of its own', async () => {
  const page = runLoader({ config: CONFIG, cookie: cookie(2, 1, 0) });
  const seen = [];
  await page.api.on('decision', (detail) => seen.push(detail));
  assert.deepEqual(seen, [], 'not during the call that added it');
  page.advance(0);
  assert.equal(seen.length, 1);
  assert.deepEqual(page.plain(seen[0]), {
    consentId: ID, revision: 2, decidedAt: 1764100000, granted: ['necessary', 'analytics'], refused: ['advertising'],
    action: null, first: false, initial: true,
  });
});
