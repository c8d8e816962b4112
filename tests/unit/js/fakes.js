/* Fakes for the phone scripts under node: load a browser script into a sandbox, an
 * in-memory outbox with the same interface as static/js/outbox.js, and a fake sync
 * server that answers like webapp/api/sync_views.py (exactly once by record id). */
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');

const STATIC = path.join(__dirname, '..', '..', '..', 'static', 'js');

/** Run static/js/<names> in one sandbox; returns the sandbox (its globals). */
function load(...names) {
  const sandbox = vm.createContext({ console, setTimeout, clearTimeout, Date, Math, URL,
    AbortController, Blob, Promise, JSON, Object, Array, Number, String, Error });
  for (const name of names) {
    vm.runInContext(fs.readFileSync(path.join(STATIC, name), 'utf8'), sandbox, { filename: name });
  }
  return sandbox;
}

/** The outbox interface of static/js/outbox.js, kept in memory. */
class MemoryOutbox {
  constructor() {
    this.outbox = new Map(); this.photoRows = new Map(); this.meta = new Map();
    this.attentionRows = new Map(); this.sent = new Map(); this.stores = new Map();
    this.products = new Map(); this.seq = 0;
  }
  add(userId, type, data, extra = {}) {
    this.seq += 1;
    const id = extra.id || `00000000-0000-4000-8000-${String(this.seq).padStart(12, '0')}`;
    const entry = { id, type, hlc: `${1700000000000 + this.seq}:0:ptest`, seq: this.seq, data,
      schema_version: 1, user_id: userId, store_id: data.store_id, created_at: this.seq,
      tries: 0, next_at: 0, last_error: null, ...extra };
    this.outbox.set(id, entry);
    return entry;
  }
  addPhoto(recordId, bytes, extra = {}) {
    const record = this.outbox.get(recordId);
    const id = extra.id || `11111111-0000-4000-8000-${String(this.photoRows.size + 1).padStart(12, '0')}`;
    const blob = new Blob([bytes], { type: 'image/jpeg' });
    this.photoRows.set(id, { id, record_id: recordId, owner_type: record.type, store_id: record.store_id,
      user_id: record.user_id, kind: 'shelf', blob, size: blob.size, mime: 'image/jpeg', sent: 0,
      state: 'waiting', tries: 0, next_at: 0, created_at: 1, ...extra });
    return id;
  }
  async getMeta(key, fallback) { return this.meta.has(key) ? this.meta.get(key) : fallback; }
  async setMeta(key, value) { this.meta.set(key, value); }
  async pending(userId) {
    return [...this.outbox.values()].filter((e) => userId === undefined || e.user_id === userId)
      .sort((a, b) => a.created_at - b.created_at || a.seq - b.seq).map((e) => ({ ...e }));
  }
  async settle(batch, results, now) {
    const left = [];
    batch.forEach((entry, i) => {
      const result = results[i] || {};
      if (result.id && result.id !== entry.id) return;
      if (!['applied', 'duplicate', 'conflict', 'rejected'].includes(result.status)) return;
      this.outbox.delete(entry.id);
      this.sent.set(entry.id, { at: now, status: result.status });
      left.push(entry.id);
      for (const p of this.photoRows.values()) {
        if (p.record_id === entry.id) p.state = result.status === 'rejected' ? 'held' : 'ready';
      }
      if (result.status === 'conflict' || result.status === 'rejected') {
        this.attentionRows.set(entry.id, { id: entry.id, user_id: entry.user_id, type: entry.type,
          status: result.status, error: result.error || null, fields: result.fields || null, at: now });
      }
    });
    return left;
  }
  async defer(ids, nextAt, error) {
    ids.forEach((id) => {
      const e = this.outbox.get(id);
      if (!e) return;
      e.tries += 1;
      e.next_at = typeof nextAt === 'function' ? nextAt(e.tries) : nextAt;
      e.last_error = error;
    });
  }
  async photos(filter) { return [...this.photoRows.values()].filter(filter || (() => true)).map((p) => ({ ...p })); }
  async updatePhoto(id, patch) { const p = this.photoRows.get(id); if (p) Object.assign(p, patch); return p; }
  async removePhoto(id) { this.photoRows.delete(id); }
  async addAttention(item) { this.attentionRows.set(item.id, item); }
  async getDevice(userId) { return this.meta.get(`device:${userId}`) || null; }
  async setDevice(userId, device) { this.meta.set(`device:${userId}`, device); }
  async renumber(userId) {
    const rows = await this.pending(userId);
    rows.forEach((row, i) => { this.outbox.get(row.id).seq = i + 1; });
    this.meta.set(`seq:${userId}`, rows.length);
    return rows.length;
  }
  async usersWaiting() {
    const users = new Set([...this.outbox.values()].map((e) => e.user_id));
    for (const p of this.photoRows.values()) if (p.state === 'ready') users.add(p.user_id);
    return [...users];
  }
  async applyChanges(changes) {
    for (const c of changes) {
      const table = c.type === 'store' ? this.stores : this.products;
      if (c.deleted) table.delete(c.id); else table.set(c.id, { id: c.id, ...c.data });
    }
  }
  async clearCache() { this.stores.clear(); this.products.clear(); }
  async pruneSent() {}
}

function response(status, body, headers = {}) {
  return {
    status, ok: status >= 200 && status < 300,
    headers: { get: (name) => headers[name] || headers[name.toLowerCase()] || null },
    json: async () => { if (body instanceof Error) throw body; return body; },
  };
}

/** A sync server in memory. `plan` holds scripted failures, consumed one per request. */
class FakeServer {
  constructor() {
    this.rows = new Map();        // record id -> times applied (must stay 1)
    this.posts = [];              // every push body
    this.photos = new Map();      // photo id -> {bytes: number, complete}
    this.requests = [];
    this.plan = [];               // e.g. {path: '/sync/push', do: 'network' | 'cut' | 500 | 401 | 413}
    this.maxBatch = 5000;
    this.changes = [];
    this.pageSize = 2;
    this.ownersKnown = true;
    this.date = null;
    this.fetch = this.fetch.bind(this);
  }
  scripted(pathname) {
    const i = this.plan.findIndex((p) => pathname.startsWith(p.path));
    return i < 0 ? null : this.plan.splice(i, 1)[0].do;
  }
  async fetch(url, init = {}) {
    const u = new URL(url, 'http://phone.test');
    const method = init.method || 'GET';
    this.requests.push({ method, path: u.pathname, headers: init.headers || {} });
    const step = this.scripted(u.pathname);
    if (step === 'network') throw new TypeError('Failed to fetch');
    if (typeof step === 'number') return response(step, { message: `scripted ${step}` });
    const headers = this.date ? { Date: this.date } : {};
    let answer;
    if (u.pathname === '/sync/push') answer = this.push(JSON.parse(init.body));
    else if (u.pathname === '/sync/pull') answer = this.pull(u.searchParams.get('cursor'));
    else if (u.pathname.startsWith('/sync/photos/')) answer = await this.photo(u.pathname.split('/').pop(), method, init);
    else if (u.pathname === '/api/devices') answer = [201, { device_id: 'dev-2', token: 'tok-2' }];
    else answer = [404, {}];
    if (step === 'cut') throw new TypeError('network connection was lost'); // after the server acted
    return response(answer[0], answer[1], headers);
  }
  push(body) {
    this.posts.push(body);
    if (body.records.length > this.maxBatch) return [413, { message: 'too large' }];
    if (body.schema_version > 1) return [400, { message: 'schema_version too new' }];
    return [200, { results: body.records.map((r) => {
      if (r.type === 'bad') return { id: r.id, status: 'rejected', error: 'bad.type: unknown' };
      if (this.rows.has(r.id)) return { id: r.id, status: 'duplicate' };
      this.rows.set(r.id, 1);
      if (r.type === 'store_update') {
        return { id: r.id, status: 'conflict', fields: { phone: { outcome: 'lost', value: '13800002222' } } };
      }
      return { id: r.id, status: 'applied' };
    }) }];
  }
  pull(cursor) {
    const start = Number(cursor || 0);
    if (cursor === 'stale') return [200, { changes: [], cursor: '', has_more: true, reset: true }];
    const page = this.changes.slice(start, start + this.pageSize);
    const next = start + page.length;
    return [200, { changes: page, cursor: String(next), has_more: next < this.changes.length }];
  }
  async photo(id, method, init) {
    const state = this.photos.get(id) || { bytes: 0, complete: false };
    if (method === 'GET') return [200, { received: state.bytes, complete: state.complete }];
    if (state.complete) return [200, { status: 'duplicate', received: state.bytes }];
    const body = Buffer.from(await init.body.arrayBuffer());
    const range = init.headers['Content-Range'];
    if (!range) {
      if (!this.ownersKnown) return [409, { message: 'owner not synced' }];
      this.photos.set(id, { bytes: body.length, complete: true, whole: true });
      return [201, { status: 'stored', received: body.length }];
    }
    const [, a, , total] = /bytes (\d+)-(\d+)\/(\d+)/.exec(range).map(Number);
    if (a !== state.bytes) return [409, { message: 'offset', received: state.bytes }];
    state.bytes += body.length;
    this.photos.set(id, state);
    if (state.bytes < total) return [202, { status: 'partial', received: state.bytes }];
    if (!this.ownersKnown) return [409, { message: 'owner not synced' }]; // partial kept, as the server
    state.complete = true;
    return [201, { status: 'stored', received: state.bytes }];
  }
}

module.exports = { load, MemoryOutbox, FakeServer, response };
