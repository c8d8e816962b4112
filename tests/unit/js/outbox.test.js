/* static/js/outbox.js over a fake IndexedDB: the order records wait in, and what each of
 * the server's answers does to a record, its photos and the rep's attention list
 * (docs/sync-protocol.md: results in order, one per record). */
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { webcrypto } = require('node:crypto');
const { createOutbox, SCHEMA_VERSION } = require('../../../static/js/outbox.js');
const { fakeIdb } = require('./fakes');

const T0 = 1_700_000_000_000;
const visit = (storeId, notes) => ({ type: 'visit', data: { store_id: storeId, notes } });

function phone() {
  const idb = fakeIdb();
  return { idb, outbox: createOutbox({ idb, crypto: webcrypto }) };
}

async function rows(outbox, name) {
  return (await outbox.open()).getAll(name);
}

test('records wait oldest first, each user apart, then in the order they were taken', async () => {
  const { outbox } = phone();
  await outbox.enqueue([visit(1, 'rep 1, later')], { userId: 1, now: T0 + 5000 });
  await outbox.enqueue([visit(2, 'rep 2')], { userId: 2, now: T0 + 1000 });
  await outbox.enqueue([visit(1, 'rep 1, first a'), visit(1, 'rep 1, first b')],
    { userId: 1, now: T0 });
  const mine = await outbox.pending(1);
  assert.deepEqual(mine.map((e) => e.data.notes), ['rep 1, first a', 'rep 1, first b', 'rep 1, later']);
  assert.deepEqual(mine.map((e) => e.seq), [2, 3, 1], 'seq counts per user on this phone');
  assert.ok(mine.every((e) => e.user_id === 1 && e.schema_version === SCHEMA_VERSION));
  assert.deepEqual((await outbox.pending(2)).map((e) => [e.data.notes, e.seq]), [['rep 2', 1]]);
  assert.deepEqual((await outbox.pending()).map((e) => e.data.notes),
    ['rep 1, first a', 'rep 1, first b', 'rep 2', 'rep 1, later'], 'the whole phone: by age');
  assert.deepEqual((await outbox.usersWaiting()).sort(), [1, 2]);
});

test('every record gets a later clock than the one before, never the same', async () => {
  const { outbox } = phone();
  const first = await outbox.enqueue([visit(1, 'a'), visit(1, 'b')], { userId: 1, now: T0 });
  const second = await outbox.enqueue([visit(1, 'c')], { userId: 1, now: T0 - 60_000 });
  const clocks = first.concat(second).map((e) => e.hlc.split(':').slice(0, 2).map(Number));
  assert.deepEqual(clocks, [[T0, 0], [T0, 1], [T0, 2]], 'a phone clock set back does not go back');
});

test('a record id already queued or already sent gets a fresh one: never a false duplicate', async () => {
  const { outbox } = phone();
  const id = '0b7e6f3c-1d2a-4c5b-8e9f-0a1b2c3d4e5f';
  const [first] = await outbox.enqueue([{ id, type: 'visit', data: { store_id: 1 } }], { userId: 1, now: T0 });
  assert.equal(first.id, id);
  const [again] = await outbox.enqueue([{ id, type: 'visit', data: { store_id: 1 } }], { userId: 1, now: T0 });
  assert.notEqual(again.id, id);
  await outbox.settle([first], [{ id, status: 'applied' }], T0);
  const [later] = await outbox.enqueue([{ id: id.toUpperCase(), type: 'visit', data: { store_id: 1 } }],
    { userId: 1, now: T0 });
  assert.notEqual(later.id, id, 'the id was sent before (a form reopened from the cache)');
});

test('each answer decides its record: applied, duplicate, conflict and rejected leave; anything else stays', async () => {
  const { outbox } = phone();
  const statuses = ['applied', 'duplicate', 'conflict', 'rejected', 'retry', undefined];
  const entries = await outbox.enqueue(statuses.map((s) => visit(7, String(s))), {
    userId: 1, now: T0,
    photos: statuses.map((s, i) => ({ recordIndex: i, blob: new Blob(['jpeg' + i], { type: 'image/jpeg' }) })),
  });
  const answers = statuses.map((status, i) => ({ id: entries[i].id, status,
    fields: status === 'conflict' ? { phone: { outcome: 'lost', value: '021-1' } } : undefined,
    error: status === 'rejected' ? 'store 7 is not yours' : undefined }));
  const left = await outbox.settle(entries, answers, T0 + 10);
  assert.deepEqual(left, entries.slice(0, 4).map((e) => e.id));
  assert.deepEqual((await outbox.pending(1)).map((e) => e.data.notes), ['retry', 'undefined']);
  assert.deepEqual((await rows(outbox, 'sent')).map((r) => [r.id, r.status, r.at]).sort(),
    entries.slice(0, 4).map((e, i) => [e.id, statuses[i], T0 + 10]).sort());
  // photos of a record the server took may go up now; a rejected record's are held
  const photoState = Object.fromEntries((await outbox.photos()).map((p) => [p.record_id, p.state]));
  assert.deepEqual(entries.map((e) => photoState[e.id]), ['ready', 'ready', 'ready', 'held', 'waiting', 'waiting']);
  // the rep sees the clash and the refusal, with what the server said
  const attention = Object.fromEntries((await outbox.attention(1)).map((a) => [a.status, a]));
  assert.deepEqual(Object.keys(attention).sort(), ['conflict', 'rejected']);
  assert.deepEqual(attention.conflict.fields, { phone: { outcome: 'lost', value: '021-1' } });
  assert.equal(attention.rejected.error, 'store 7 is not yours');
  assert.equal(attention.rejected.photos, 1);
  const summary = await outbox.summary(1);
  assert.equal(summary.records, 2);
  assert.equal(summary.photos, 5, 'a held photo is not counted as waiting');
});

test('an answer naming another record leaves the record queued; a rejected one without an id leaves', async () => {
  const { outbox } = phone();
  const entries = await outbox.enqueue([visit(1, 'a'), visit(1, 'b')], { userId: 1, now: T0 });
  const left = await outbox.settle(entries, [
    { id: entries[1].id, status: 'applied' },   // not the answer for entries[0]
    { id: null, status: 'rejected', error: 'id is not a UUID' },
  ], T0);
  assert.deepEqual(left, [entries[1].id]);
  assert.deepEqual((await outbox.pending(1)).map((e) => e.id), [entries[0].id]);
});

test('a deferred record waits its own backoff and keeps why', async () => {
  const { outbox } = phone();
  const [a, b] = await outbox.enqueue([visit(1, 'a'), visit(1, 'b')], { userId: 1, now: T0 });
  await outbox.defer([a.id], (tries) => T0 + tries * 1000, 'HTTP 400: bad');
  await outbox.defer([a.id], (tries) => T0 + tries * 1000, 'HTTP 400: bad');
  const [first, second] = await outbox.pending(1);
  assert.deepEqual([first.id, first.tries, first.next_at, first.last_error], [a.id, 2, T0 + 2000, 'HTTP 400: bad']);
  assert.deepEqual([second.id, second.tries, second.next_at], [b.id, 0, 0]);
});

test('a new device numbers the waiting records afresh, oldest first', async () => {
  const { outbox } = phone();
  const [sent] = await outbox.enqueue([visit(1, 'sent')], { userId: 1, now: T0 });
  await outbox.enqueue([visit(1, 'old')], { userId: 1, now: T0 + 1 });
  await outbox.enqueue([visit(1, 'new')], { userId: 1, now: T0 + 2 });
  await outbox.settle([sent], [{ id: sent.id, status: 'applied' }], T0);
  assert.deepEqual((await outbox.pending(1)).map((e) => e.seq), [2, 3]);
  assert.equal(await outbox.renumber(1), 2);
  assert.deepEqual((await outbox.pending(1)).map((e) => [e.data.notes, e.seq]), [['old', 1], ['new', 2]]);
  assert.equal(await outbox.getMeta('seq:1'), 2);
});

test('ids handed over long ago are forgotten; recent ones kept', async () => {
  const { outbox } = phone();
  const db = await outbox.open();
  await db.put('sent', { id: 'old', at: T0 - 61 * 24 * 3600 * 1000 });
  await db.put('sent', { id: 'recent', at: T0 - 24 * 3600 * 1000 });
  await outbox.pruneSent(T0);
  assert.deepEqual((await db.getAll('sent')).map((r) => r.id), ['recent']);
});
