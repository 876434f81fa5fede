// The loader's gate on a returning visit: the pixel is requested exactly when the cookie grants
// analytics for the current revision, and never otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runLoader } from './fake_page.mjs';

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

test('a broken configuration loads nothing optional even with a granting cookie for another revision', () => {
  const page = runLoader({ config: '{"revision": 2, "pixelUrl": "/pixel.js"', cookie: cookie(2, 1, 1) });
  assert.deepEqual(page.pixelUrls, [], 'the default configuration has no pixel');
});

test('the strictly necessary category is always granted', () => {
  assert.equal(runLoader({ config: CONFIG }).api.isGranted('necessary'), true);
});

test('the API never throws, whatever it is given', () => {
  const { api } = runLoader({ config: CONFIG, cookie: cookie(2, 1, 0) });
  for (const value of [undefined, null, {}, Symbol('x'), { toString() { throw new Error('no'); } }]) {
    assert.doesNotThrow(() => api.isGranted(value));
  }
  assert.ok(Object.isFrozen(api));
});

test('the settings control appears for a returning visitor, labelled in the page language', () => {
  const page = runLoader({ config: CONFIG, cookie: cookie(2, 1, 0), lang: 'kk' });
  const host = page.body.children.find((c) => c.tagName === 'JL-CONSENT-SETTINGS');
  assert.ok(host, 'the control host is on the page');
  const button = host.shadowRoot.children.find((c) => c.tagName === 'BUTTON');
  assert.equal(button.hidden, false);
  assert.equal(button.getAttribute('aria-label'), 'Cookie баптаулары');
});
