// The benchmark's arithmetic: medians, ratios and the intervals printed beside them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describe, ratio, ratioInterval, ratioWithInterval } from '../report.mjs';

test('describe takes the median and quartiles of the finite values only', () => {
  const stats = describe([5, null, 1, Number.NaN, 3, 2, 4]);
  assert.deepEqual([stats.n, stats.median, stats.p25, stats.p75, stats.min, stats.max], [5, 3, 2, 4, 1, 5]);
});

test('ratio: a zero peer median gives no ratio unless both are zero', () => {
  assert.equal(ratio(6, 3), 2);
  assert.equal(ratio(0, 0), 1);
  assert.equal(ratio(1, 0), null);
  assert.equal(ratio(null, 3), null);
});

test('ratioInterval: identical rounds give no spread', () => {
  const rounds = [400, 410, 395, 420, 405, 415, 400];
  assert.deepEqual(ratioInterval(rounds, rounds), { lo: 1, hi: 1 });
});

test('ratioInterval: rounds are resampled in pairs, so a shared busy moment does not widen it', () => {
  // Every round's value doubles or halves on both sides alike: the ratio is 1.5 in every round.
  const theirs = [200, 400, 800, 250, 600, 300, 700, 350, 500];
  const mine = theirs.map((value) => value * 1.5);
  const interval = ratioInterval(mine, theirs);
  assert.ok(Math.abs(interval.lo - 1.5) < 0.35 && Math.abs(interval.hi - 1.5) < 0.35, JSON.stringify(interval));
  assert.ok(interval.lo <= 1.5 && interval.hi >= 1.5);
});

test('ratioInterval: a clear difference excludes 1, noise alone does not', () => {
  const theirs = [500, 520, 480, 510, 495, 530, 470, 505, 515, 490];
  const later = theirs.map((value, i) => value * 1.3 + (i % 3) * 10);
  const clear = ratioInterval(later, theirs);
  assert.ok(clear.lo > 1.15 && clear.hi < 1.45, JSON.stringify(clear));
  const shuffled = [...theirs].reverse();
  const noise = ratioInterval(shuffled, theirs);
  assert.ok(noise.lo < 1 && noise.hi > 1, JSON.stringify(noise));
});

test('ratioInterval: too few complete rounds, or a peer median that can be zero, give none', () => {
  assert.equal(ratioInterval([1, 2, 3, 4], [1, 2, 3, 4]), null);
  assert.equal(ratioInterval([1, 2, null, 4, 5, 6], [1, 2, 3, null, 5, 6]), null);
  assert.equal(ratioInterval([60, 70, 80, 90, 100], [0, 0, 0, 55, 0]), null);
  assert.equal(ratioWithInterval(1.05, null), '1.05×');
  assert.equal(ratioWithInterval(1.05, { lo: 0.931, hi: 1.184 }), '1.05× [0.93–1.18]');
  assert.equal(ratioWithInterval(null, { lo: 1, hi: 1 }), '—');
});
