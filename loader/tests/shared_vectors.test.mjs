// The loader's readers against the vectors shared with the Rust core (core/tests/vectors): stage 1
// must decode every cookie and read the gate keys the same way, stage 2 must read every key to
// the same normal form, with the same problems in the same words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { completeServices, defaults } from '../stage2/config.mjs';
import ru from '../data/catalogue-texts.ru.json' with { type: 'json' };
import kk from '../data/catalogue-texts.kk.json' with { type: 'json' };
import en from '../data/catalogue-texts.en.json' with { type: 'json' };
import { runLoader } from './fake_page.mjs';

// The catalogue's texts in every language at once, as the core holds them (a page fetches only
// its visitor's language).
const texts = Object.fromEntries(Object.keys(ru).map((id) => [id, {
  ...ru[id], description: { ru: ru[id].description.ru, kk: kk[id].description.kk, en: en[id].description.en },
}]));

const vectors = (name) =>
  JSON.parse(readFileSync(new URL(`../../core/tests/vectors/${name}`, import.meta.url), 'utf8')).cases;

test('the loader decodes every cookie vector as the core does', () => {
  const { decodeCookie } = runLoader().gate;
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
    assert.deepEqual(Object.entries(record.choices), Object.entries(c.record.choices), c.why);
  }
});

const plain = (value) => JSON.parse(JSON.stringify(value));

for (const c of vectors('config.json')) {
  test(`configuration vector: ${c.why}`, () => {
    const page = runLoader({ config: c.config });
    const usable = c.usable !== false;
    const want = { ...defaults(), ...c.normal };

    // Stage 2: every key, to the normal form (catalogue services completed with the catalogue's
    // texts, as before the widget mounts), with the core's problems.
    const { config: read, problems, usable: stage2Usable } = plain(page.gate.configuration);
    const config = completeServices(read, texts);
    assert.equal(stage2Usable, usable, 'usable');
    assert.deepEqual(config, want);
    assert.deepEqual(problems.map((p) => p.key), c.problems, 'problems');
    if (c.messages) {
      assert.deepEqual(problems.filter((p) => p.key !== '(unreadable)').map((p) => p.text), c.messages, 'messages');
    }
    // Reported in the console, errors for what turns the widget off, warnings for the rest.
    assert.deepEqual(page.errors, problems.filter((p) => p.fatal).map((p) => p.text));
    assert.deepEqual(page.warnings, problems.filter((p) => !p.fatal).map((p) => p.text));

    // Stage 1: the gate keys it reads on the critical path agree with the whole reading.
    const gate = page.gate.config;
    assert.equal(gate.off, !usable, 'stage 1: off');
    if (!usable) return;
    assert.equal(gate.cookieName, want.cookie.name, 'stage 1: cookie name');
    assert.equal(gate.revision, want.revision, 'stage 1: revision');
    assert.equal(gate.pixelUrl, want.pixelUrl, 'stage 1: pixelUrl');
    assert.deepEqual(plain(gate.categories), want.categories.map((cat) => cat.id).filter((id) => id !== 'necessary'), 'stage 1: categories');
    assert.deepEqual(plain(gate.consentMode), want.googleConsentMode, 'stage 1: Consent Mode');
  });
}
