/* Fakes for the phone's scripts under node: an in-memory IndexedDB behind the part of the
 * idb library's API that outbox.js uses, a clock the test moves, and a server answering
 * fetch with real Response objects while it records what the phone sent.
 * Fakes, not mocks: outbox.js and sync-client.js run as they are. */
'use strict';

const clone = (value) => (value === undefined ? undefined : structuredClone(value));
const byKey = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** One object store: rows by primary key (kept in key order, as IndexedDB does). */
class FakeStore {
  constructor(keyPath) {
    this.keyPath = keyPath;
    this.rows = new Map();
    this.indexes = new Map(); // index name → key path
  }

  sorted() { return [...this.rows.keys()].sort(byKey).map((k) => this.rows.get(k)); }
}

/** The handle a transaction gives on one store (idb's IDBPObjectStore, in part). */
function storeHandle(store) {
  const handle = {
    get indexNames() { return [...store.indexes.keys()].sort(); },
    createIndex(name, keyPath) { store.indexes.set(name, keyPath); return {}; },
    async get(key) { return clone(store.rows.get(key)); },
    async getAll() { return store.sorted().map(clone); },
    async put(value) {
      const key = value[store.keyPath];
      if (key === undefined || key === null) throw new Error(`no ${store.keyPath} in the row`);
      store.rows.set(key, clone(value));
      return key;
    },
    async delete(key) { store.rows.delete(key); },
    async clear() { store.rows.clear(); },
    index(name) {
      const keyPath = store.indexes.get(name);
      if (!keyPath) throw new Error(`no index ${name}`);
      return {
        // a row whose indexed field is null or missing is not in the index (as IndexedDB)
        async getAll(key) {
          return store.sorted().filter((row) => row[keyPath] != null && row[keyPath] === key)
            .map(clone);
        },
      };
    },
    async openCursor() {
      const keys = [...store.rows.keys()].sort(byKey);
      const at = async (i) => {
        if (i >= keys.length) return null;
        if (!store.rows.has(keys[i])) return at(i + 1);
        return {
          value: clone(store.rows.get(keys[i])),
          async update(value) { store.rows.set(keys[i], clone(value)); },
          async delete() { store.rows.delete(keys[i]); },
          continue: () => at(i + 1),
        };
      };
      return at(0);
    },
  };
  return handle;
}

/** The idb library's openDB over memory: one database per name, upgraded as asked. */
function fakeIdb() {
  const databases = new Map();

  function connection(data) {
    const store = (name) => {
      if (!data.stores.has(name)) throw new Error(`no object store ${name}`);
      return storeHandle(data.stores.get(name));
    };
    return {
      get version() { return data.version; },
      createObjectStore(name, options) {
        const created = new FakeStore(options.keyPath);
        data.stores.set(name, created);
        return storeHandle(created);
      },
      transaction(names) {
        const list = Array.isArray(names) ? names : [names];
        list.forEach(store); // an unknown store fails here, as it would in the browser
        return { objectStore: store, store: list.length === 1 ? store(list[0]) : undefined,
                 done: Promise.resolve() };
      },
      get: (name, key) => store(name).get(key),
      getAll: (name) => store(name).getAll(),
      getAllFromIndex: (name, index, key) => store(name).index(index).getAll(key),
      put: (name, value) => store(name).put(value),
      delete: (name, key) => store(name).delete(key),
      close() {},
    };
  }

  return {
    databases,
    async openDB(name, version, options = {}) {
      const data = databases.get(name) || { version: 0, stores: new Map() };
      databases.set(name, data);
      const wanted = version === undefined ? data.version : version;
      if (wanted < data.version) {
        const error = new Error(`the database is at version ${data.version}`);
        error.name = 'VersionError';
        throw error;
      }
      const db = connection(data);
      if (wanted > data.version) {
        const old = data.version;
        data.version = wanted;
        const tx = { objectStore: (n) => storeHandle(data.stores.get(n)), done: Promise.resolve() };
        await options.upgrade(db, old, wanted, tx);
      }
      return db;
    },
  };
}

/** A clock the test moves by hand: `now()` for the client, `at` to read or set it. */
function fakeClock(start = 1_700_000_000_000) {
  const clock = { at: start, now: () => clock.at, advance(ms) { clock.at += ms; } };
  return clock;
}

/**
 * A server for the phone's fetch. `answer(request)` gets {url, path, method, headers,
 * json, body} and returns {status, json?, headers?}, or throws to cut the connection.
 * Every request is kept in `requests`, and pushes in `pushes` (their JSON bodies).
 */
function fakeServer(answer) {
  const server = { requests: [], pushes: [], answer };
  server.fetch = async (url, init = {}) => {
    const headers = Object.fromEntries(Object.entries(init.headers || {}).map(
      ([k, v]) => [k.toLowerCase(), v]));
    let json = null;
    if (typeof init.body === 'string') { try { json = JSON.parse(init.body); } catch (e) { /* text */ } }
    const request = { url, path: url.split('?')[0], method: init.method || 'GET', headers, json,
                      body: init.body, signal: init.signal };
    server.requests.push(request);
    if (request.path === '/sync/push') server.pushes.push(json);
    const reply = await server.answer(request);
    return new Response(reply.json === undefined ? null : JSON.stringify(reply.json),
      { status: reply.status, headers: Object.assign({ 'Content-Type': 'application/json' },
        reply.headers || {}) });
  };
  return server;
}

/** The server's answer to a push: one result per record, `status(record)` or 'applied'. */
function results(request, status) {
  return { status: 200, json: { results: request.json.records.map((r) => (
    { id: r.id, status: status ? status(r) : 'applied' })) } };
}

module.exports = { fakeIdb, fakeClock, fakeServer, results };
