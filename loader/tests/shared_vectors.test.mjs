// The loader's readers against the vectors shared with the Rust core (core/tests/vectors):
// both must decode every cookie and read every configuration the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runLoader } from './fake_page.mjs';

const vectors = (name) =>
  JSON.parse(readFileSync(new URL(`../../core/tests/vectors/${name}`, import.meta.url), 'utf8')).cases;

const gate = () => runLoader().gate;

test('the loader decodes every cookie vector as the core does', () => {
  const { decodeCookie } = gate();
  const cases = vectors('cookie.json');
  assert.ok(cases.length >= 40);
  for (const c of cases) {
    const record = decodeCookie(c.value);
    if (!c.valid) {
      assert.equal(record, null, `${c.why}: accepted ${JSON.stringify(c.value)}`);
      continue;
    }
    assert.ok(record, `${c.why}: refused`);
    assert.equal(record.revision, c.record.revision, c.why);
    assert.equal(record.decidedAt, c.record.decidedAt, c.why);
    assert.equal(record.consentId, c.record.consentId, c.why);
    const choices = [...record.order].map((id) => [id, record.choices[id]]);
    assert.deepEqual(choices, Object.entries(c.record.choices), c.why);
  }
});

// The loader's settings (stage 1's gate keys and stage 2's) in the vectors' shape, the same one
// the Rust test builds.
function gateSettings(config, ui) {
  return JSON.parse(JSON.stringify({
    cookieName: config.cookieName,
    revision: config.revision,
    pixelUrl: config.pixelUrl,
    categories: config.categories,
    cookies: ui.cookies,
    consentMode: config.consentMode,
    settingsButton: ui.settingsButton,
    logEndpoint: ui.logEndpoint,
  }));
}

const settingsOf = (loader, text) => {
  const config = loader.readConfig(text);
  return gateSettings(config, loader.ui.readUiConfig(config.raw));
};

test('the loader reads every configuration vector as the core does', () => {
  const loader = gate();
  const defaults = settingsOf(loader, null);
  const cases = vectors('config.json');
  assert.ok(cases.length >= 50);
  for (const c of cases) {
    const got = settingsOf(loader, c.config);
    for (const key of Object.keys(defaults)) {
      const want = key in c.expect ? c.expect[key] : defaults[key];
      assert.deepEqual(got[key], want, `${c.why}: ${key}`);
    }
  }
});
