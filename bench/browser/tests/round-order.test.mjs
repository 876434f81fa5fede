// The order of the visits in a round: every variant takes every place equally often.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inRoundOrder } from '../harness.mjs';

test('each round visits every variant once, and over n rounds each comes first once', () => {
  const variants = ['jl', 'vanilla', 'floor', 'floor-markup'];
  const rounds = variants.map((_, round) => inRoundOrder(variants, round));
  for (const order of rounds) assert.deepEqual([...order].sort(), [...variants].sort());
  for (let place = 0; place < variants.length; place++) {
    assert.deepEqual(rounds.map((order) => order[place]).sort(), [...variants].sort(), `place ${place}`);
  }
  assert.deepEqual(inRoundOrder(variants, variants.length), variants);
  assert.deepEqual(inRoundOrder(variants, 0), variants);
  assert.deepEqual(inRoundOrder([], 3), []);
});
