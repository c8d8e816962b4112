/* static/js/sync-client.js `rules`: the sync client's decisions over plain values. */
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { rules: R } = require('../../../static/js/sync-client.js');

const NOW = 1_000_000;
const entry = (id, extra) => Object.assign({ id, schema_version: 1, next_at: 0 }, extra);

test('the next push: due records not yet tried, in outbox order, at most the batch size', () => {
  const pending = [entry('a'), entry('b', { next_at: NOW + 1 }), entry('c'), entry('d'), entry('e')];
  assert.deepEqual(R.nextBatch(pending, { now: NOW, size: 2 }).map((e) => e.id), ['a', 'c']);
  assert.deepEqual(R.nextBatch(pending, { now: NOW, size: 2, tried: { a: true, c: true } })
    .map((e) => e.id), ['d', 'e']);
  assert.deepEqual(R.nextBatch(pending, { now: NOW, size: 9, force: true }).map((e) => e.id),
    ['a', 'b', 'c', 'd', 'e'], 'a forced flush ignores the records\' own backoff');
  assert.deepEqual(R.nextBatch(pending, { now: NOW + 1, size: 9 }).map((e) => e.id),
    ['a', 'b', 'c', 'd', 'e'], 'due once its time has come');
  assert.deepEqual(R.nextBatch([], { now: NOW, size: 2 }), []);
  assert.deepEqual(R.nextBatch(pending, { now: NOW, size: 0 }).map((e) => e.id), ['a'],
    'never an empty push for a batch size of 0');
});

test('one push carries one schema version: the oldest record\'s', () => {
  const pending = [entry('old', { schema_version: undefined }), entry('new', { schema_version: 2 }),
    entry('old2')];
  assert.deepEqual(R.nextBatch(pending, { now: NOW, size: 9 }).map((e) => e.id), ['old', 'old2']);
  assert.deepEqual(R.nextBatch(pending, { now: NOW, size: 9, tried: { old: true, old2: true } })
    .map((e) => e.id), ['new']);
});

test('a 413 halves the batch until one record goes alone', () => {
  assert.deepEqual([200, 100, 7, 3, 2].map(R.smallerBatch), [100, 50, 3, 1, 1]);
  assert.equal(R.smallerBatch(1), null);
});

test('what an answer means before its body is read', () => {
  const kinds = (status, retryAfter) => {
    const problem = R.answerProblem(status, retryAfter);
    return problem && [problem.kind, problem.retryAfterMs];
  };
  assert.deepEqual(kinds(401), ['auth', undefined]);
  assert.deepEqual(kinds(403), ['auth', undefined]);
  assert.deepEqual(kinds(503, '7'), ['server', 7000], 'busy: exactly when the server says');
  assert.deepEqual(kinds(503, null), ['server', undefined]);
  assert.deepEqual(kinds(503, 'Wed, 21 Oct 2026 07:28:00 GMT'), ['server', undefined],
    'only whole seconds are trusted');
  for (const status of [500, 502, 504, 408, 429]) assert.deepEqual(kinds(status), ['server', undefined]);
  for (const status of [200, 201, 202, 400, 404, 409, 413, 422]) assert.equal(kinds(status), null, status);
});

test('the backoff ceiling doubles from 2 s per failure up to 5 minutes', () => {
  const ceilings = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 50].map((n) => R.backoffDelay(n, () => 1));
  assert.deepEqual(ceilings, [2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000,
    300000, 300000, 300000]);
  for (let n = 1; n < 12; n++) {
    const ceiling = R.backoffDelay(n, () => 1);
    assert.equal(R.backoffDelay(n, () => 0), ceiling / 2, 'never sooner than half the ceiling');
  }
});

test('a failure counts, unless the phone knows it is offline; an answer restarts the count', () => {
  const state = { failures: 3, next_at: 0, last_ok_at: 5 };
  const server = { kind: 'server', message: 'server answered 500' };
  const ctx = { online: true, now: NOW, random: () => 0, answered: false };
  assert.deepEqual(R.afterFailure(state, server, ctx), { failures: 4, next_at: NOW + 8000,
    last_ok_at: 5, offline: false, last_error: 'server answered 500' });
  assert.equal(R.afterFailure(state, server, Object.assign({}, ctx, { answered: true })).failures, 1);
  const busy = { kind: 'server', message: 'busy', retryAfterMs: 7000 };
  assert.equal(R.afterFailure(state, busy, ctx).next_at, NOW + 7000);
  const cut = { kind: 'network', message: 'no connection' };
  assert.deepEqual(R.afterFailure(state, cut, Object.assign({}, ctx, { online: false })),
    { failures: 3, next_at: 0, last_ok_at: 5, offline: true, last_error: 'no connection' });
  assert.equal(R.afterFailure(state, cut, ctx).failures, 4, 'a cut connection with signal counts');
  assert.deepEqual(R.afterSuccess({ failures: 4, next_at: NOW + 1, last_error: 'x', offline: true }, NOW),
    { failures: 0, next_at: 0, last_ok_at: NOW, last_error: null, offline: false });
});

test('the phone clock is corrected only when it is off by more than a minute', () => {
  const server = Date.parse('2026-11-27T10:00:00Z');
  const header = new Date(server).toUTCString();
  assert.equal(R.clockOffset(header, server - 200, server + 200), 0, 'within a minute: trusted');
  assert.equal(R.clockOffset(header, server - 30_000, server - 29_000), 0);
  assert.equal(R.clockOffset(header, server - 120_000, server - 120_000), 120_500);
  assert.equal(R.clockOffset(null, 0, 0), null);
  assert.equal(R.clockOffset('not a date', 0, 0), null);
});
