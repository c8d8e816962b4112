/* static/js/sync-client.js: exponential backoff with "equal jitter" between retries. */
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');


const S = require('../../../static/js/sync-client.js');

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

/* The client's backoff over a fake outbox and a fake network (issue 9, item 11): being
 * offline is not a server failure; the signal returning and any answer reset it. */
const OK = (results) => ({ status: 200, ok: true, headers: { get: () => null },
  json: async () => ({ results }) });

function fakeWorld(fetchOverride) {
  const meta = new Map([['current_user', 1]]);
  let queued = [{ id: 'r1', type: 'visit', hlc: '1:0:n', seq: 1, data: {}, user_id: 1 }];
  const world = { clock: 1_000_000, online: true, answers: false, photo: null };
  const store = {
    getMeta: async (k, d) => (meta.has(k) ? structuredClone(meta.get(k)) : d),
    setMeta: async (k, v) => { meta.set(k, v); },
    usersWaiting: async () => (queued.length ? [1] : []),
    getDevice: async () => ({ device_id: 'd1', token: 't' }),
    pending: async () => queued.slice(),
    settle: async (batch) => { queued = []; return batch.map((e) => e.id); },
    photos: async (keep) => (world.photo && keep(world.photo) ? [world.photo] : []),
    pruneSent: async () => {},
  };
  const fetch = fetchOverride || (async () => {
    if (!world.answers) throw new TypeError('Failed to fetch');
    return OK([{ id: 'r1', status: 'applied' }]);
  });
  const client = S.createClient({ store, fetch, now: () => world.clock, random: () => 0.5,
    online: () => world.online });
  return { world, client, meta, queued: () => queued.length,
    flush: (opts) => client.flush(Object.assign({ pull: false }, opts)) };
}

test('tries made while the phone is offline do not count toward the backoff', async () => {
  const { world, client, meta, flush } = fakeWorld();
  world.online = false;
  for (let i = 0; i < 8; i++) { // eight captures in ten seconds without signal
    const report = await flush({ force: true });
    assert.equal(report.retry, true);
    assert.equal(report.offline, true);
    world.clock += 1250;
  }
  assert.equal(meta.get('sync:1').failures || 0, 0);
  assert.equal(await client.nextTryAt(1), null, 'offline: the online event tries, no timer');
});

test('the online event resets the backoff; a lost answer then waits seconds, not minutes', async () => {
  const { world, client, meta, flush, queued } = fakeWorld();
  // connected, yet no answer comes back (weak signal): these are real failures
  for (let i = 0; i < 8; i++) {
    if (i) world.clock = meta.get('sync:1').next_at;
    await flush();
  }
  assert.equal(meta.get('sync:1').failures, 8);
  assert.ok((await client.nextTryAt(1)) - world.clock >= 60_000, 'eight failures: minutes');
  await client.resetBackoff(); // what the page does on 'online' (the worker on Background Sync)
  assert.equal(await client.nextTryAt(1), null);
  const lost = await flush({ force: true }); // the first push after reconnecting: answer lost
  assert.equal(meta.get('sync:1').failures, 1);
  assert.equal(lost.next_at, meta.get('sync:1').next_at, 'the report names the next try');
  assert.equal(await client.nextTryAt(1), world.clock + 1500);
  world.answers = true;
  world.clock += 1500;
  const report = await flush();
  assert.equal(report.sent, 1);
  assert.equal(queued(), 0);
  assert.equal(meta.get('sync:1').failures, 0);
  assert.equal(await client.nextTryAt(1), null);
});

test('an answer from the server resets the count before a later failure counts', async () => {
  let calls = 0;
  const { world, meta, flush } = fakeWorld(async () => {
    calls += 1; // the push is answered, then the photo upload loses its connection
    if (calls === 1) return OK([{ id: 'r1', status: 'applied' }]);
    throw new TypeError('Failed to fetch');
  });
  meta.set('sync:1', { failures: 7, next_at: 0 });
  world.photo = { id: 'p1', user_id: 1, state: 'ready', size: 10, created_at: 1 };
  const report = await flush();
  assert.equal(report.sent, 1);
  assert.equal(meta.get('sync:1').failures, 1, 'counted afresh after the answer');
  assert.ok(meta.get('sync:1').next_at - world.clock <= 2000);
});

test('a forced try (the rep tapping the chip) goes at once despite the backoff', async () => {
  const { world, meta, flush, queued } = fakeWorld();
  meta.set('sync:1', { failures: 9, next_at: world.clock + 250_000 });
  world.answers = true;
  const waiting = await flush();
  assert.equal(waiting.sent, 0);
  assert.equal(waiting.next_at, world.clock + 250_000);
  const tapped = await flush({ force: true });
  assert.equal(tapped.sent, 1);
  assert.equal(queued(), 0);
});
