/* static/js/sync-client.js draining the real outbox.js (over a fake IndexedDB) to a fake
 * server, on a fake clock: what goes in each push, what each answer does, and when the
 * phone tries again (docs/sync-protocol.md; issue 9, item 11); and the pull that keeps the
 * phone's copy of stores and products. */
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { webcrypto } = require('node:crypto');
const { createOutbox } = require('../../../static/js/outbox.js');
const { createClient, backoffDelay } = require('../../../static/js/sync-client.js');
const { fakeIdb, fakeClock, fakeServer, results } = require('./fakes');

const visit = (notes) => ({ type: 'visit', data: { store_id: 7, notes } });
const refuse = (status, headers) => () => ({ status, json: { error: 'no' }, headers });
const cut = () => { throw new TypeError('Failed to fetch'); };

/** A phone with users 1 and 2 registered, its outbox, a server and a clock. */
async function phone(answer, opts = {}) {
  const clock = fakeClock();
  const outbox = createOutbox({ idb: fakeIdb(), crypto: webcrypto });
  for (const user of [1, 2]) {
    await outbox.setDevice(user, { device_id: 'd' + user, token: 't' + user, user_id: user });
  }
  const server = fakeServer(answer || ((request) => results(request)));
  const world = { online: true };
  const client = createClient(Object.assign({ store: outbox, fetch: server.fetch, now: clock.now,
    random: () => 0, online: () => world.online }, opts));
  const queue = (user, n, label = 'r') => outbox.enqueue(
    Array.from({ length: n }, (_, i) => visit(`${label}${i}`)), { userId: user, now: clock.now() });
  const flush = (o) => client.flush(Object.assign({ pull: false }, o));
  const state = (user = 1) => outbox.getMeta('sync:' + user, {});
  return { clock, outbox, server, client, world, queue, flush, state };
}

test('each user\'s records go in their own pushes with their own device, oldest first', async () => {
  const p = await phone();
  await p.queue(1, 1, 'late');
  p.clock.advance(-60_000); // an older capture queued after (another tab's)
  await p.queue(2, 1, 'two');
  await p.queue(1, 2, 'early');
  const report = await p.flush();
  assert.equal(report.sent, 4);
  const pushes = p.server.requests.filter((r) => r.path === '/sync/push');
  assert.deepEqual(pushes.map((r) => [r.headers.authorization, r.json.device_id,
    r.json.records.map((x) => x.data.notes)]).sort(),
  [['Bearer t1', 'd1', ['early0', 'early1', 'late0']], ['Bearer t2', 'd2', ['two0']]]);
  const [mine] = p.server.pushes.filter((b) => b.device_id === 'd1');
  assert.deepEqual(mine.records.map((r) => r.seq), [2, 3, 1], 'each record keeps its own seq');
  assert.deepEqual(Object.keys(mine.records[0]).sort(), ['data', 'hlc', 'id', 'seq', 'type']);
  assert.equal((await p.outbox.pending()).length, 0);
});

test('450 records go as pushes of 200, 200 and 50, in outbox order', async () => {
  const p = await phone();
  const queued = await p.queue(1, 450);
  const report = await p.flush();
  assert.equal(report.sent, 450);
  assert.deepEqual(p.server.pushes.map((b) => b.records.length), [200, 200, 50]);
  assert.deepEqual(p.server.pushes.flatMap((b) => b.records.map((r) => r.id)), queued.map((e) => e.id));
  assert.deepEqual(p.server.pushes.map((b) => b.pending), [450, 250, 50], 'the server sees what waits');
});

test('the server\'s smaller batch limit (client config) caps every push', async () => {
  const p = await phone(undefined, { maxBatch: 30 });
  await p.queue(1, 70);
  await p.flush();
  assert.deepEqual(p.server.pushes.map((b) => b.records.length), [30, 30, 10]);
});

test('a 413 halves the batch, sends the same records again, and the smaller size is kept', async () => {
  const p = await phone((request) => (request.json.records.length > 40
    ? { status: 413, json: { error: 'too_large' } } : results(request)));
  const queued = await p.queue(1, 120);
  const report = await p.flush();
  assert.equal(report.sent, 120);
  assert.deepEqual(p.server.pushes.map((b) => b.records.length), [120, 60, 30, 30, 30, 30]);
  assert.equal(p.server.pushes[2].records[0].id, queued[0].id, 'nothing skipped');
  assert.equal(await p.outbox.getMeta('batch_size'), 30);
  await p.queue(1, 35);
  await p.flush();
  assert.deepEqual(p.server.pushes.slice(6).map((b) => b.records.length), [30, 5],
    'the next flush starts at the size that went through');
});

test('each record follows its own result: applied, duplicate, conflict, rejected leave; the rest waits', async () => {
  const byNote = { r0: 'applied', r1: 'duplicate', r2: 'conflict', r3: 'rejected', r4: 'retry' };
  const p = await phone((request) => {
    if (request.path === '/sync/push') return results(request, (r) => byNote[r.data.notes]);
    if (request.method === 'GET') return { status: 404, json: { error: 'not_found' } };
    return { status: 201, json: { complete: true } }; // a photo arriving whole
  });
  const entries = await p.outbox.enqueue(Object.keys(byNote).map(visit), { userId: 1, now: p.clock.now(),
    photos: [0, 3].map((i) => ({ recordIndex: i, blob: new Blob(['jpeg' + i], { type: 'image/jpeg' }) })) });
  const report = await p.flush();
  assert.equal(report.sent, 4);
  assert.deepEqual(report.results.map((r) => r.status), ['applied', 'duplicate', 'conflict', 'rejected', 'retry']);
  assert.deepEqual((await p.outbox.pending(1)).map((e) => e.data.notes), ['r4']);
  assert.deepEqual((await p.outbox.attention(1)).map((a) => a.status).sort(), ['conflict', 'rejected']);
  // the applied record's photo went up; the rejected record's is held on the phone
  const puts = p.server.requests.filter((r) => r.method === 'PUT');
  const photos = await p.outbox.photos();
  assert.equal(puts.length, 1);
  assert.equal(puts[0].headers['x-owner-id'], entries[0].id);
  assert.deepEqual(photos.map((ph) => [ph.record_id, ph.state]), [[entries[3].id, 'held']]);
  assert.equal(report.photos, 1);
  assert.deepEqual(await p.state(), { failures: 0, next_at: 0, last_ok_at: p.clock.now(),
    last_error: null, offline: false });
  // 'retry' was this flush's answer for r4: it goes again on the next one
  await p.flush();
  assert.equal(p.server.pushes.at(-1).records[0].data.notes, 'r4');
});

test('an answer without one result per record keeps every record and backs off', async () => {
  const p = await phone(() => ({ status: 200, json: { results: [] } }));
  await p.queue(1, 2);
  const report = await p.flush();
  assert.equal(report.retry, true);
  assert.equal((await p.outbox.pending(1)).length, 2);
  assert.equal((await p.state()).failures, 1);
});

test('a 400 for a batch keeps its records with their own backoff; the phone goes on', async () => {
  let refused = true;
  const p = await phone((request) => (refused ? { status: 400, json: { message: 'bad' } } : results(request)));
  await p.queue(1, 2);
  const report = await p.flush();
  assert.equal(report.deferred, 2);
  assert.equal(report.retry, undefined, 'not a failure of the server: no user backoff');
  const waiting = await p.outbox.pending(1);
  assert.deepEqual(waiting.map((e) => [e.tries, e.next_at - p.clock.now(), e.last_error]),
    [[1, backoffDelay(1, () => 0), 'HTTP 400: bad'], [1, backoffDelay(1, () => 0), 'HTTP 400: bad']]);
  refused = false;
  await p.flush();
  assert.equal(p.server.pushes.length, 1, 'not again before their time');
  p.clock.advance(backoffDelay(1, () => 0));
  assert.equal((await p.flush()).sent, 2);
});

for (const status of [401, 403]) {
  test(`a ${status} stops that user's sync until they sign in; nothing is deleted`, async () => {
    const p = await phone((request) => (request.headers.authorization === 'Bearer t1'
      ? refuse(status)() : results(request)));
    await p.queue(1, 2);
    await p.queue(2, 1);
    const report = await p.flush();
    assert.deepEqual(report.blocked, [1]);
    assert.equal(report.sent, 1, 'the other user of the phone still syncs');
    assert.equal((await p.outbox.getDevice(1)).needs_signin, true);
    assert.equal((await p.outbox.pending(1)).length, 2);
    const before = p.server.requests.length;
    assert.deepEqual((await p.flush({ force: true })).blocked, [1]);
    assert.equal(p.server.requests.length, before, 'no request until the rep signs in');
  });
}

test('signing in again registers the device, and the records go', async () => {
  let session = false;
  const p = await phone((request) => {
    if (request.path === '/api/devices') {
      assert.equal(request.json.device_token, 't1', 'the refused device is offered back');
      return { status: 201, json: { device_id: 'd1', token: 't1-new' } };
    }
    return session ? results(request) : refuse(401)();
  });
  await p.queue(1, 1);
  await p.flush();
  session = true;
  await p.client.ensureDevice(1, 'csrf', 'rep1 · Android Chrome');
  assert.deepEqual(await p.outbox.getDevice(1), { device_id: 'd1', token: 't1-new', user_id: 1,
    registered_at: p.clock.now(), needs_signin: false });
  assert.equal((await p.flush()).sent, 1);
  assert.equal(p.server.requests.at(-1).headers.authorization, 'Bearer t1-new');
});

test('a 503 with Retry-After waits exactly that long, then the same records go again', async () => {
  let busy = true;
  const p = await phone((request) => (busy ? refuse(503, { 'Retry-After': '12' })() : results(request)));
  const [record] = await p.queue(1, 1);
  const report = await p.flush();
  assert.equal(report.next_at, p.clock.now() + 12_000);
  assert.equal((await p.state()).next_at, p.clock.now() + 12_000);
  busy = false;
  p.clock.advance(11_999);
  await p.flush();
  assert.equal(p.server.pushes.length, 1, 'not before the server said');
  p.clock.advance(1);
  assert.equal((await p.flush()).sent, 1);
  assert.deepEqual(p.server.pushes.map((b) => b.records[0].id), [record.id, record.id]);
});

test('a 500, a 503 without Retry-After and a cut connection count as failures', async () => {
  for (const answer of [refuse(500), refuse(503), cut]) {
    const p = await phone(answer);
    await p.queue(1, 1);
    const report = await p.flush();
    assert.equal(report.retry, true);
    assert.deepEqual(await p.state(), { failures: 1, next_at: p.clock.now() + 1000, offline: false,
      last_ok_at: null, last_error: report.errors[0] });
    assert.equal((await p.outbox.pending(1)).length, 1);
  }
});

test('a request with no answer is given up after the timeout and counts as a failure', async () => {
  const p = await phone((request) => new Promise((resolve, reject) => {
    request.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  }), { timeoutMs: 20 });
  await p.queue(1, 1);
  const report = await p.flush();
  assert.match(report.errors[0], /no connection/);
  assert.equal((await p.state()).failures, 1);
});

test('without signal nothing counts: no backoff, the online event tries again', async () => {
  const p = await phone(cut);
  p.world.online = false;
  await p.queue(1, 1);
  for (let i = 0; i < 5; i++) {
    const report = await p.flush({ force: true });
    assert.equal(report.offline, true);
  }
  assert.deepEqual(await p.state(), { failures: 0, next_at: 0, offline: true, last_ok_at: null,
    last_error: 'no connection (Failed to fetch)' });
  assert.equal(await p.client.nextTryAt(1), null);
});

test('the backoff doubles per failure up to five minutes, with jitter, and resets on success', async () => {
  let down = true;
  let random = 0;
  const p = await phone((request) => (down ? refuse(500)() : results(request)),
    { random: () => random });
  await p.queue(1, 1);
  const waits = [];
  for (let failure = 1; failure <= 10; failure++) {
    random = failure % 2 ? 0 : 0.999999; // the low and the high end of the jitter
    await p.flush();
    const state = await p.state();
    assert.equal(state.failures, failure);
    waits.push(state.next_at - p.clock.now());
    const before = p.server.requests.length;
    p.clock.advance(state.next_at - p.clock.now() - 1);
    await p.flush();
    assert.equal(p.server.requests.length, before, 'no try before its time');
    p.clock.advance(1);
  }
  assert.deepEqual(waits, [1000, 4000, 4000, 16000, 16000, 64000, 64000, 256000, 150000, 300000]);
  down = false;
  const report = await p.flush();
  assert.equal(report.sent, 1);
  assert.deepEqual(await p.state(), { failures: 0, next_at: 0, last_ok_at: p.clock.now(),
    last_error: null, offline: false });
  assert.equal(await p.client.nextTryAt(1), null);
});

test('the signal coming back forgets every user\'s backoff', async () => {
  const p = await phone(refuse(500));
  await p.queue(1, 1);
  await p.queue(2, 1);
  await p.flush();
  assert.ok(await p.client.nextTryAt(1));
  assert.ok(await p.client.nextTryAt(2));
  await p.client.resetBackoff();
  assert.deepEqual([await p.client.nextTryAt(1), await p.client.nextTryAt(2)], [null, null]);
  assert.equal((await p.state(2)).failures, 0);
});

test('the pull pages through the changes, keeps the cursor, and starts over on a reset', async () => {
  const pages = {
    '': { changes: [{ type: 'store', id: 1, data: { name: 'A 店' } },
      { type: 'product', id: 5, data: { name: '酱油' } }], cursor: 'c1', has_more: true },
    c1: { changes: [{ type: 'store', id: 2, data: { name: 'B 店' } }], cursor: 'c2', has_more: false },
    c2: { reset: true },
  };
  const p = await phone((request) => {
    const cursor = new URL(request.url, 'https://rounds.test').searchParams.get('cursor');
    assert.equal(request.headers.authorization, 'Bearer t1');
    return { status: 200, json: pages[cursor] };
  });
  await p.outbox.setMeta('current_user', 1);
  await p.client.flush({ force: true });
  assert.equal((await p.outbox.getStore(2)).name, 'B 店');
  assert.equal((await p.outbox.getProduct(5)).name, '酱油');
  assert.deepEqual(await p.outbox.getMeta('pull'), { user_id: 1, cursor: 'c2', at: p.clock.now() });
  await p.client.flush({});
  assert.equal(p.server.requests.length, 2, 'pulled again only after two minutes');
  // the server forgot that cursor (retention): the copy is dropped and fetched afresh
  pages.c2 = { reset: true };
  pages[''] = { changes: [{ type: 'store', id: 3, data: { name: 'C 店' } }], cursor: 'c3', has_more: false };
  p.clock.advance(2 * 60 * 1000);
  await p.client.flush({});
  assert.deepEqual(p.server.requests.slice(2).map((r) => new URL(r.url, 'https://x').searchParams.get('cursor')),
    ['c2', '']);
  assert.equal(await p.outbox.getStore(1), undefined);
  assert.equal((await p.outbox.getStore(3)).name, 'C 店');
});

test('another user signing in on the phone drops the last one\'s copy of stores', async () => {
  const p = await phone(() => ({ status: 200, json: { changes: [], cursor: 'u2', has_more: false } }));
  await (await p.outbox.open()).put('stores', { id: 9, name: 'rep 1 的店' });
  await p.outbox.setMeta('pull', { user_id: 1, cursor: 'c9', at: p.clock.now() });
  await p.outbox.setMeta('current_user', 2);
  await p.client.flush({});
  assert.equal(await p.outbox.getStore(9), undefined);
  assert.equal(new URL(p.server.requests[0].url, 'https://x').searchParams.get('cursor'), '');
  assert.equal(p.server.requests[0].headers.authorization, 'Bearer t2');
});
