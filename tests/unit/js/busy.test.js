/* static/js/sync-client.js: a 503 with Retry-After means "send the same records again after
 * that long" (docs/sync-protocol.md, Concurrency and "busy"); other 5xx keep the backoff. */
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');


const S = require('../../../static/js/sync-client.js');
const NOW = 1_000_000;

function outbox() {
  const meta = {};
  const entry = { id: 'r1', type: 'visit', hlc: '1:0:p', seq: 1, data: {}, schema_version: 1 };
  return {
    meta,
    getMeta: async (key, fallback) => (key in meta ? meta[key] : fallback),
    setMeta: async (key, value) => { meta[key] = value; },
    usersWaiting: async () => [7],
    getDevice: async () => ({ device_id: 'd', token: 't' }),
    pending: async () => [entry],
    pruneSent: async () => {},
  };
}

function answer(status, headers) {
  return async () => ({ status, ok: false, headers: { get: (name) => headers[name] || null },
                        json: async () => ({ error: 'busy' }) });
}

test('a busy answer waits exactly what Retry-After says, then the same records go again', async () => {
  const store = outbox();
  const client = S.createClient({ store, fetch: answer(503, { 'Retry-After': '7' }),
                                  now: () => NOW, random: () => 0 });
  const report = await client.flush({});
  assert.equal(report.retry, true);
  assert.equal(store.meta['sync:7'].next_at, NOW + 7000);
  assert.equal(store.meta['sync:7'].failures, 1);
});

test('a 503 without Retry-After and a 500 keep the exponential backoff', async () => {
  for (const fetch of [answer(503, {}), answer(500, {})]) {
    const store = outbox();
    const client = S.createClient({ store, fetch, now: () => NOW, random: () => 0 });
    await client.flush({});
    assert.equal(store.meta['sync:7'].next_at, NOW + S.backoffDelay(1, () => 0));
  }
});
