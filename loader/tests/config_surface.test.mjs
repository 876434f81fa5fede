// The loader's reader against the core's surface (loader/data/config-surface.json, written by
// jl-loader-data): every kind a table names has a reader here, every key a table marks "own" has
// one, and no reader is left for a key the core no longer has. A key of a simple kind needs no
// code here at all: the shared vectors hold what those readers do to the core's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import SURFACE from '../data/config-surface.json' with { type: 'json' };
import { OWN_KEYS, defaults, readConfiguration } from '../stage2/config.mjs';
import { createReader } from '../stage2/config/reader.mjs';

const kindOf = (spec) => (typeof spec === 'string' ? spec : spec.kind);

test('every kind the core names has a reader in the loader', () => {
  const { kinds } = createReader({ isSafeUrl: () => true, ownKeys: OWN_KEYS, catalogue: { rules: {} } });
  for (const [table, keys] of Object.entries(SURFACE.tables)) {
    for (const [key, spec] of Object.entries(keys)) {
      if (kindOf(spec) === 'own') continue;
      assert.equal(typeof kinds[kindOf(spec)], 'function', `${table}.${key}: kind "${kindOf(spec)}"`);
    }
  }
});

test('the keys the core marks "own" are exactly those the loader reads with code of its own', () => {
  assert.deepEqual(Object.keys(OWN_KEYS).sort(), Object.keys(SURFACE.tables).sort());
  for (const [table, keys] of Object.entries(SURFACE.tables)) {
    const own = Object.keys(keys).filter((key) => kindOf(keys[key]) === 'own').sort();
    assert.deepEqual(Object.keys(OWN_KEYS[table]).sort(), own, table);
  }
});

test('the defaults are the core\'s normal form, and an empty configuration reads to them', () => {
  assert.deepEqual(defaults(), SURFACE.defaults);
  const { config, problems, usable } = readConfiguration({}, null, () => true);
  assert.deepEqual(config, SURFACE.defaults);
  assert.deepEqual(problems, []);
  assert.equal(usable, true);
});

test('a key of every table that the core does not know is named with the nearest known one', () => {
  const { problems } = readConfiguration({ pixelURL: '/p.js', cookie: { maxAge: 3 } }, null, () => true);
  assert.deepEqual(problems.map((p) => p.text), [
    'jl-consent: configuration key "pixelURL": unknown key, ignored (did you mean "pixelUrl"?)',
    'jl-consent: configuration key "cookie.maxAge": unknown key, ignored (did you mean "maxAgeDays"?)',
  ]);
});
