/* The phone's outbox in IndexedDB (library: idb, global `idb`). Every capture is
 * written here first, with its client UUID, clock (hlc) and per-device counter (seq);
 * sync-client.js drains it. A record leaves only when the server has answered for it.
 *
 * Object stores: outbox (records waiting), photos (blobs waiting for upload),
 * meta (clock, counters, devices, sync state), attention (conflicts and rejections
 * the rep should see), sent (ids already handed over: a stale form is never a
 * duplicate), stores and products (the pulled copy for offline use).
 * Needs hlc.js (RoundsHLC) and the idb library (`idb`, static/vendor): loaded by pages
 * and the service worker after them (webapp/pwa.py WORKER_SCRIPTS). In node,
 * `require('static/js/outbox.js').createOutbox({idb})` runs it over a fake IndexedDB. */
(function (root, factory) {
  'use strict';
  if (typeof module === 'object' && module.exports) {
    module.exports = factory(root, require('./hlc.js'));
  } else if (!root.RoundsOutbox) {
    if (!root.RoundsHLC || !root.idb) throw new Error('outbox.js needs idb and hlc.js loaded first');
    root.RoundsOutbox = factory(root, root.RoundsHLC);
  }
})(typeof self !== 'undefined' ? self : globalThis, function (root, RoundsHLC) {
  'use strict';

  var DB_NAME = 'rounds';
  var DB_VERSION = 2;
  var SCHEMA_VERSION = 1; // of queued records; the server's sync/records.py SCHEMA_VERSION
  var SENT_KEEP_MS = 60 * 24 * 3600 * 1000;
  var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

  /* DB_STEPS[n] upgrades the database from version n to n + 1. A step may add stores
   * and indexes or rewrite entries; it must never drop a store that holds records. */
  var DB_STEPS = [
    function toVersion1(db) {
      var outbox = db.createObjectStore('outbox', { keyPath: 'id' });
      outbox.createIndex('by_user', 'user_id');
      outbox.createIndex('by_store', 'store_id');
      db.createObjectStore('photos', { keyPath: 'id' }).createIndex('by_record', 'record_id');
      db.createObjectStore('meta', { keyPath: 'key' });
      db.createObjectStore('attention', { keyPath: 'id' }).createIndex('by_user', 'user_id');
      db.createObjectStore('sent', { keyPath: 'id' });
      db.createObjectStore('stores', { keyPath: 'id' });
      db.createObjectStore('products', { keyPath: 'id' });
    },
    function toVersion2(db, tx) {
      // Photos by user (status chip, who has something to send); entries queued by the
      // first app version get the fields later versions rely on. Every record stays.
      tx.objectStore('photos').createIndex('by_user', 'user_id');
      return tx.objectStore('outbox').openCursor().then(function walk(cursor) {
        if (!cursor) return null;
        var entry = cursor.value;
        entry.schema_version = entry.schema_version || 1;
        entry.tries = entry.tries || 0;
        entry.next_at = entry.next_at || 0;
        entry.created_at = entry.created_at || Date.now();
        return cursor.update(entry).then(function () { return cursor.continue(); }).then(walk);
      });
    },
  ];

  /* RECORD_STEPS[n] turns a queued record of schema version n into version n + 1
   * ({type, data} in, {type, data} out). Without a step the record is sent as it is,
   * under its own schema_version, and the server upgrades it (sync/records.py). */
  var RECORD_STEPS = {};

  /** Outbox order: oldest capture first, then the device counter. */
  function bySeq(a, b) { return (a.created_at - b.created_at) || (a.seq - b.seq); }

  /** Bring a queued record up to this app's record schema (never drops it). */
  function migrateRecord(entry) {
    var version = entry.schema_version || 1;
    while (version < SCHEMA_VERSION && RECORD_STEPS[version]) {
      var next = RECORD_STEPS[version]({ type: entry.type, data: entry.data });
      entry = Object.assign({}, entry, { type: next.type, data: next.data });
      version += 1;
    }
    return Object.assign({}, entry, { schema_version: version });
  }

  /**
   * An outbox over `deps.idb` (the idb library's API: the real one, or a fake in node)
   * and `deps.crypto` (randomUUID / getRandomValues).
   */
  function createOutbox(deps) {
    var idb = deps.idb, crypto = deps.crypto || root.crypto;
    var dbPromise = null;

    function open() {
      if (!dbPromise) {
        var events = {
          blocking: function () { // a newer app version wants to upgrade: step aside
            var closing = dbPromise;
            dbPromise = null;
            if (closing) closing.then(function (db) { db.close(); });
          },
          terminated: function () { dbPromise = null; },
        };
        dbPromise = idb.openDB(DB_NAME, DB_VERSION, Object.assign({
          upgrade: function (db, oldVersion, newVersion, tx) {
            for (var v = oldVersion; v < newVersion; v++) DB_STEPS[v](db, tx);
          },
        }, events)).catch(function (error) {
          // A newer app version (the updated service worker, another tab) has upgraded the
          // database already. Steps only add, so this page's code still works on it: open
          // it as it is, and say the page runs old code (it picks up the new on reload).
          if (!error || error.name !== 'VersionError') throw error;
          api.outdated = true;
          return idb.openDB(DB_NAME, undefined, events);
        });
        dbPromise.catch(function () { dbPromise = null; });
      }
      return dbPromise;
    }

    function uuid() {
      if (crypto && crypto.randomUUID) return crypto.randomUUID();
      var b = crypto.getRandomValues(new Uint8Array(16));
      b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
      var h = Array.prototype.map.call(b, function (x) { return ('0' + x.toString(16)).slice(-2); }).join('');
      return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
    }

    async function metaIn(store, key, fallback) {
      var row = await store.get(key);
      return row === undefined ? fallback : row.value;
    }

    async function getMeta(key, fallback) {
      var db = await open();
      return metaIn(db.transaction('meta').store, key, fallback);
    }

    async function setMeta(key, value) {
      var db = await open();
      await db.put('meta', { key: key, value: value });
    }

    /**
     * Queue records from one capture, atomically: clocks, counters and photos included.
     * records: [{id, type, data}]; opts.userId: who captured them; opts.photos:
     * [{recordIndex, blob, kind, name}] (each gets a new UUID, added to data.photo_ids).
     * A record id already queued or sent before (a form reopened from the cache) gets a
     * fresh UUID, so a second capture is never mistaken for a duplicate of the first.
     */
    async function enqueue(records, opts) {
      opts = opts || {};
      var userId = opts.userId == null ? null : opts.userId;
      var now = opts.now || Date.now();
      var photos = (opts.photos || []).map(function (p) {
        var index = p.recordIndex || 0;
        if (!records[index]) throw new Error('photo for a record that does not exist');
        return Object.assign({}, p, { id: uuid(), recordIndex: index });
      });
      records = records.map(function (r, index) {
        var data = Object.assign({}, r.data || {});
        var ids = photos.filter(function (p) { return p.recordIndex === index; })
          .map(function (p) { return p.id; });
        if (ids.length) data.photo_ids = (data.photo_ids || []).concat(ids);
        return { id: String(r.id || '').toLowerCase(), type: r.type, data: data };
      });
      var db = await open();
      var tx = db.transaction(['outbox', 'meta', 'photos', 'sent'], 'readwrite');
      var meta = tx.objectStore('meta'), outbox = tx.objectStore('outbox');
      var node = await metaIn(meta, 'node', null);
      if (!node) {
        node = RoundsHLC.newNodeId(crypto.getRandomValues(new Uint8Array(8)));
        meta.put({ key: 'node', value: node });
      }
      var clock = await metaIn(meta, 'hlc', { wall: 0, counter: 0 });
      var offset = await metaIn(meta, 'clock_offset_ms', 0);
      var seqKey = 'seq:' + userId;
      var seq = await metaIn(meta, seqKey, 0);
      var entries = [], used = {};
      for (var i = 0; i < records.length; i++) {
        var r = records[i], id = r.id;
        if (!UUID.test(id) || used[id] || (await outbox.get(id)) || (await tx.objectStore('sent').get(id))) {
          id = uuid();
        }
        used[id] = true;
        clock = RoundsHLC.tick(clock, now + offset);
        seq += 1;
        var entry = {
          id: id, type: r.type, hlc: RoundsHLC.format(clock, node), seq: seq, data: r.data,
          schema_version: SCHEMA_VERSION, user_id: userId,
          store_id: r.data.store_id == null ? null : Number(r.data.store_id),
          created_at: now, tries: 0, next_at: 0, last_error: null,
        };
        outbox.put(entry);
        entries.push(entry);
      }
      photos.forEach(function (p) {
        var owner = entries[p.recordIndex];
        tx.objectStore('photos').put({
          id: p.id, record_id: owner.id, owner_type: owner.type, store_id: owner.store_id,
          user_id: userId, kind: p.kind || 'shelf', name: p.name || '', blob: p.blob,
          size: p.blob.size, mime: p.blob.type || 'image/jpeg', sent: 0, state: 'waiting',
          tries: 0, next_at: 0, error: null, created_at: now,
        });
      });
      meta.put({ key: 'hlc', value: clock });
      meta.put({ key: seqKey, value: seq });
      await tx.done;
      return entries;
    }

    /** Records waiting (of one user, or all), oldest first, brought up to this schema. */
    async function pending(userId) {
      var db = await open();
      var rows = userId === undefined ? await db.getAll('outbox')
        : await db.getAllFromIndex('outbox', 'by_user', userId);
      return rows.map(migrateRecord).sort(bySeq);
    }

    async function forStore(storeId) {
      var db = await open();
      var rows = await db.getAllFromIndex('outbox', 'by_store', Number(storeId));
      return rows.sort(bySeq);
    }

    async function photos(filter) {
      var db = await open();
      var rows = await db.getAll('photos');
      return rows.filter(filter || function () { return true; });
    }

    /** Counts for the status chip: records and photos waiting, the oldest capture time. */
    async function summary(userId) {
      var db = await open();
      var rows = userId == null ? await db.getAll('outbox')
        : await db.getAllFromIndex('outbox', 'by_user', userId);
      var pics = (await db.getAll('photos')).filter(function (p) {
        return p.state !== 'held' && p.state !== 'refused' && (userId == null || p.user_id === userId);
      });
      var oldest = null;
      rows.concat(pics).forEach(function (r) {
        if (oldest === null || r.created_at < oldest) oldest = r.created_at;
      });
      var sent = 0, size = 0;
      pics.forEach(function (p) { sent += p.sent || 0; size += p.size || 0; });
      return { records: rows.length, photos: pics.length, photoBytesSent: sent,
        photoBytes: size, oldest: oldest };
    }

    /**
     * Apply the server's answers to a pushed batch, in one transaction. applied, duplicate
     * and conflict leave the outbox (their photos may upload now); rejected leaves too (HQ
     * has it in quarantine) and its photos are held. conflict and rejected go to the
     * attention list. Anything else stays queued. Returns the ids that left.
     */
    async function settle(batch, results, now) {
      now = now || Date.now();
      var db = await open();
      var tx = db.transaction(['outbox', 'photos', 'attention', 'sent'], 'readwrite');
      var left = [];
      for (var i = 0; i < batch.length; i++) {
        var entry = batch[i], result = results[i] || {};
        if (result.id && String(result.id).toLowerCase() !== entry.id) continue; // not its answer
        var status = result.status;
        if (['applied', 'duplicate', 'conflict', 'rejected'].indexOf(status) < 0) continue;
        tx.objectStore('outbox').delete(entry.id);
        tx.objectStore('sent').put({ id: entry.id, at: now, status: status });
        left.push(entry.id);
        var pics = await tx.objectStore('photos').index('by_record').getAll(entry.id);
        pics.forEach(function (p) {
          p.state = status === 'rejected' ? 'held' : 'ready';
          tx.objectStore('photos').put(p);
        });
        if (status === 'conflict' || status === 'rejected') {
          tx.objectStore('attention').put({
            id: entry.id, user_id: entry.user_id, type: entry.type, store_id: entry.store_id,
            status: status, error: result.error || null, fields: result.fields || null,
            data: entry.data, created_at: entry.created_at, at: now, photos: pics.length,
          });
        }
      }
      await tx.done;
      return left;
    }

    /** Keep records queued but wait before trying them again (e.g. the server said 400). */
    async function defer(ids, nextAt, error) {
      var db = await open();
      var tx = db.transaction('outbox', 'readwrite');
      for (var i = 0; i < ids.length; i++) {
        var entry = await tx.store.get(ids[i]);
        if (!entry) continue;
        entry.tries = (entry.tries || 0) + 1;
        entry.next_at = typeof nextAt === 'function' ? nextAt(entry.tries) : nextAt;
        entry.last_error = error || null;
        tx.store.put(entry);
      }
      await tx.done;
    }

    async function updatePhoto(id, patch) {
      var db = await open();
      var tx = db.transaction('photos', 'readwrite');
      var photo = await tx.store.get(id);
      if (photo) tx.store.put(Object.assign(photo, patch));
      await tx.done;
      return photo;
    }

    async function removePhoto(id) {
      var db = await open();
      await db.delete('photos', id);
    }

    async function attention(userId) {
      var db = await open();
      var rows = userId == null ? await db.getAll('attention')
        : await db.getAllFromIndex('attention', 'by_user', userId);
      return rows.sort(function (a, b) { return b.at - a.at; });
    }

    async function addAttention(item) {
      var db = await open();
      await db.put('attention', item);
    }

    async function dismiss(id) {
      var db = await open();
      await db.delete('attention', id);
    }

    /** Device registration of a user on this phone: {device_id, token, needs_signin}. */
    function getDevice(userId) { return getMeta('device:' + userId, null); }
    function setDevice(userId, device) { return setMeta('device:' + userId, device); }

    /**
     * After a device is replaced (the old one was revoked), give the user's waiting records
     * new seqs 1..n so the new device's counter has no false gaps; seqs are never reused
     * within one device.
     */
    async function renumber(userId) {
      var db = await open();
      var tx = db.transaction(['outbox', 'meta'], 'readwrite');
      var rows = (await tx.objectStore('outbox').index('by_user').getAll(userId)).sort(bySeq);
      rows.forEach(function (row, i) { row.seq = i + 1; tx.objectStore('outbox').put(row); });
      tx.objectStore('meta').put({ key: 'seq:' + userId, value: rows.length });
      await tx.done;
      return rows.length;
    }

    /** Users with something to send (records or photos ready). */
    async function usersWaiting() {
      var db = await open();
      var users = {};
      (await db.getAll('outbox')).forEach(function (r) { users[r.user_id] = true; });
      (await db.getAll('photos')).forEach(function (p) {
        if (p.state === 'ready') users[p.user_id] = true;
      });
      return Object.keys(users).map(function (u) { return u === 'null' ? null : Number(u); });
    }

    /** Apply pulled changes to the offline copy of stores and products. */
    async function applyChanges(changes) {
      var db = await open();
      var tx = db.transaction(['stores', 'products'], 'readwrite');
      changes.forEach(function (c) {
        var name = c.type === 'store' ? 'stores' : c.type === 'product' ? 'products' : null;
        if (!name) return;
        if (c.deleted) tx.objectStore(name).delete(c.id);
        else tx.objectStore(name).put(Object.assign({ id: c.id }, c.data));
      });
      await tx.done;
    }

    async function clearCache() {
      var db = await open();
      var tx = db.transaction(['stores', 'products'], 'readwrite');
      tx.objectStore('stores').clear();
      tx.objectStore('products').clear();
      await tx.done;
    }

    async function getStore(id) { return (await open()).get('stores', Number(id)); }
    async function getProduct(id) { return (await open()).get('products', Number(id)); }

    /** Forget ids handed over long ago (the list only guards against stale forms). */
    async function pruneSent(now) {
      var db = await open();
      var tx = db.transaction('sent', 'readwrite');
      var cursor = await tx.store.openCursor();
      while (cursor) {
        if (cursor.value.at < (now || Date.now()) - SENT_KEEP_MS) cursor.delete();
        cursor = await cursor.continue();
      }
      await tx.done;
    }

    var api = {
      DB_NAME: DB_NAME, DB_VERSION: DB_VERSION, SCHEMA_VERSION: SCHEMA_VERSION,
      DB_STEPS: DB_STEPS, RECORD_STEPS: RECORD_STEPS,
      open: open, uuid: uuid, getMeta: getMeta, setMeta: setMeta, migrateRecord: migrateRecord,
      enqueue: enqueue, pending: pending, forStore: forStore, photos: photos, summary: summary,
      settle: settle, defer: defer, updatePhoto: updatePhoto, removePhoto: removePhoto,
      attention: attention, addAttention: addAttention, dismiss: dismiss,
      getDevice: getDevice, setDevice: setDevice, renumber: renumber,
      usersWaiting: usersWaiting, applyChanges: applyChanges, clearCache: clearCache,
      getStore: getStore, getProduct: getProduct, pruneSent: pruneSent, outdated: false,
    };
    return api;
  }

  // The phone's outbox (pages, the service worker); createOutbox for tests.
  var outbox = createOutbox({ idb: root.idb, crypto: root.crypto });
  outbox.createOutbox = createOutbox;
  return outbox;
});
