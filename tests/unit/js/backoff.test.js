/* static/js/sync-client.js: exponential backoff with "equal jitter" between retries. */
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { load } = require('./load');

const { RoundsSync: S } = load('sync-client.js');

test('the delay doubles per failure and stays between half and all of its ceiling', () => {
  const low = () => 0, high = () => 0.999999;
  assert.equal(S.backoffDelay(1, low), 1000);
  assert.equal(S.backoffDelay(1, high), 2000);
  assert.equal(S.backoffDelay(2, low), 2000);
  assert.equal(S.backoffDelay(3, low), 4000);
  assert.equal(S.backoffDelay(4, high), 16000);
});

test('the delay is capped at five minutes however long the phone has failed', () => {
  for (const failures of [9, 20, 1000]) {
    assert.ok(S.backoffDelay(failures, () => 0.999999) <= 5 * 60 * 1000);
    assert.ok(S.backoffDelay(failures, () => 0) >= 2.5 * 60 * 1000);
  }
});

test('jitter spreads phones that failed together', () => {
  let seed = 7;
  const random = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
  const delays = new Set();
  for (let i = 0; i < 50; i++) delays.add(S.backoffDelay(5, random));
  assert.ok(delays.size > 40, `only ${delays.size} distinct delays`);
});
