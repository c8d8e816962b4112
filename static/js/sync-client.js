/* Drains the outbox to the server: push records, upload photos, pull stores and products.
 * One flush at a time per phone (navigator.locks 'outbox-flush'), in a page or in the
 * service worker. A record leaves the outbox only on the server's answer for it
 * (outbox.js settle); a cut connection, a 5xx or a timeout means "try again later"
 * with exponential backoff and jitter. Being offline is not a failure of the server: a
 * try made while the phone knows it has no connection does not count toward the
 * backoff, and the signal returning or any request answered resets it. The next try's
 * time is kept in the meta 'sync:<user>' (next_at) for the status chip. A 401 stops
 * syncing for that user until they sign in again; nothing queued is ever deleted
 * because of it.
 * Triggers: app open, online, tab visible, a timer, the service worker starting, and
 * Background Sync where the browser has it (startPage below; sw.js).
 * Three parts: `rules`, the decisions as pure functions over plain values (which records
 * go in the next push, what an answer means, the backoff); `createClient`, which acts on
 * them over an injected store and fetch; and the wiring of pages and the service worker.
 * The rules live here, not in a file of their own, because a page kept in the worker's
 * cache from before an update loads the current copy of each script it names and no
 * other: a script the client newly needed would be missing there (sw.js, precache).
 * Needs outbox.js (RoundsOutbox) for the client over the phone's outbox (configure):
 * loaded after it (webapp/pwa.py WORKER_SCRIPTS). In node, `require` it: `rules` and
 * `createClient` run over a fake store, fetch and clock (tests/unit/js). */
(function (root, factory) {
  'use strict';
  if (typeof module === 'object' && module.exports) {
    module.exports = factory(root);
  } else if (!root.RoundsSync) {
    if (!root.RoundsOutbox) throw new Error('sync-client.js needs outbox.js loaded first');
    root.RoundsSync = factory(root);
  }
})(typeof self !== 'undefined' ? self : globalThis, function (root) {
  'use strict';

  /* ---- rules: the client's decisions, pure (docs/sync-protocol.md is their contract) ---- */
  var rules = (function () {
    var MAX_BATCH = 200;              // records per push (issue: batches of at most 200)
    var BASE_DELAY_MS = 2000;
    var MAX_DELAY_MS = 5 * 60 * 1000;
    var CLOCK_TRUST_MS = 60000;       // a phone clock off by more than this is corrected

    /** Backoff with "equal jitter": between half and all of min(cap, base * 2^(n-1)). */
    function backoffDelay(failures, random) {
      var ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * Math.pow(2, Math.max(0, failures - 1)));
      return Math.round(ceiling / 2 + (random || Math.random)() * ceiling / 2);
    }

    /**
     * The next push from `pending` (one user's records, oldest first): the records due now
     * (or all, when forced) not yet tried in this flush, of the schema version of the first
     * of them (one push carries one version), at most `size` of them.
     */
    function nextBatch(pending, opts) {
      var tried = opts.tried || {}, now = opts.now;
      var due = pending.filter(function (e) {
        return !tried[e.id] && (opts.force || !e.next_at || e.next_at <= now);
      });
      if (!due.length) return [];
      var version = due[0].schema_version || 1;
      return due.filter(function (e) { return (e.schema_version || 1) === version; })
        .slice(0, Math.max(1, opts.size));
    }

    /** After a 413 for `sent` records: the smaller batch size to try (null: cannot shrink). */
    function smallerBatch(sent) {
      return sent > 1 ? Math.max(1, Math.floor(sent / 2)) : null;
    }

    /**
     * What an answer's HTTP status means for the client, before its body is read:
     * null (an answer to read: 2xx, or a 4xx about the records), or a problem
     * {kind: 'auth'|'server', message, status, retryAfterMs?}. `retryAfter` is the
     * Retry-After header: whole seconds on a 503 mean "busy, send the same again then".
     */
    function answerProblem(status, retryAfter) {
      if (status === 401 || status === 403) {
        return { kind: 'auth', message: 'sign in again (HTTP ' + status + ')', status: status };
      }
      if (status === 503 && /^\d+$/.test(retryAfter || '')) {
        return { kind: 'server', message: 'server busy (HTTP 503)', status: status,
          retryAfterMs: 1000 * parseInt(retryAfter, 10) };
      }
      if (status >= 500 || status === 408 || status === 429) {
        return { kind: 'server', message: 'server answered ' + status, status: status };
      }
      return null;
    }

    /** A user's sync state after a flush that went through. */
    function afterSuccess(state, now) {
      return Object.assign({}, state, { failures: 0, next_at: 0, last_ok_at: now,
        last_error: null, offline: false });
    }

    /**
     * A user's sync state after a flush that failed with `error` ({kind, retryAfterMs?}).
     * Without a connection (kind 'network' and the phone offline) nothing counts: the
     * 'online' event tries again. Otherwise one more failure, counted afresh when the
     * server answered something in this flush (the way to it works), and the next try
     * after the backoff, or exactly when a busy server said.
     */
    function afterFailure(state, error, ctx) {
      if (error.kind === 'network' && !ctx.online) {
        return Object.assign({}, state, { next_at: 0, offline: true, last_error: error.message });
      }
      var failures = (ctx.answered ? 0 : state.failures || 0) + 1;
      var wait = error.retryAfterMs != null ? error.retryAfterMs : backoffDelay(failures, ctx.random);
      return Object.assign({}, state, { failures: failures, offline: false,
        next_at: ctx.now + wait, last_error: error.message });
    }

    /**
     * The phone clock's offset from the server's `Date` header (whole seconds), for a
     * request sent at `sentAt` and answered at `receivedAt`: 0 while within a minute, else
     * the difference; null without a usable header.
     */
    function clockOffset(dateHeader, sentAt, receivedAt) {
      var date = Date.parse(dateHeader || '');
      if (isNaN(date)) return null;
      var diff = date + 500 - (sentAt + receivedAt) / 2;
      return Math.abs(diff) > CLOCK_TRUST_MS ? Math.round(diff) : 0;
    }

    return {
      MAX_BATCH: MAX_BATCH, BASE_DELAY_MS: BASE_DELAY_MS, MAX_DELAY_MS: MAX_DELAY_MS,
      CLOCK_TRUST_MS: CLOCK_TRUST_MS,
      backoffDelay: backoffDelay, nextBatch: nextBatch, smallerBatch: smallerBatch,
      answerProblem: answerProblem, afterSuccess: afterSuccess, afterFailure: afterFailure,
      clockOffset: clockOffset,
    };
  })();

  /* ---- the client ---- */

  var DEFAULT_URLS = { devices: '/api/devices', push: '/sync/push', pull: '/sync/pull',
    photos: '/sync/photos/', sw: '/sw.js', login: '/login' };
  var MAX_BATCH = rules.MAX_BATCH;
  var CHUNK = 64 * 1024;            // photo upload chunk
  var TIMEOUT_MS = 30000;
  var PULL_EVERY_MS = 2 * 60 * 1000;
  var TIMER_MS = 30000;
  var BUSY_RETRY_MS = 3000;
  var SYNC_TAG = 'rounds-outbox';
  var backoffDelay = rules.backoffDelay;

  function syncError(kind, message, status) {
    var error = new Error(message);
    error.kind = kind; // network | server | auth
    error.status = status || 0;
    return error;
  }

  function wire(entry) {
    return { id: entry.id, type: entry.type, hlc: entry.hlc, seq: entry.seq, data: entry.data };
  }

  /** A sync client over injected pieces (the real outbox and fetch, or fakes in tests). */
  function createClient(deps) {
    var store = deps.store, fetchFn = deps.fetch, locks = deps.locks;
    var now = deps.now || function () { return Date.now(); };
    var random = deps.random || Math.random;
    var notify = deps.notify || function () {};
    // Whether the phone believes it has a connection (navigator.onLine); unknown → yes.
    var online = deps.online || function () { return true; };
    var answers = 0; // requests the server answered (any status): the network works
    var urls = Object.assign({}, DEFAULT_URLS, deps.urls || {});
    var maxBatch = Math.min(MAX_BATCH, deps.maxBatch || MAX_BATCH);
    var timeoutMs = deps.timeoutMs || TIMEOUT_MS;
    var running = null;

    async function request(url, init) {
      var controller = typeof AbortController === 'function' ? new AbortController() : null;
      var timer = controller ? setTimeout(function () { controller.abort(); }, timeoutMs) : null;
      try {
        var response = await fetchFn(url, Object.assign({ credentials: 'same-origin', cache: 'no-store' },
          init, controller ? { signal: controller.signal } : {}));
        if (response.status < 500) answers += 1;
        return response;
      } catch (e) {
        throw syncError('network', 'no connection (' + (e && e.message) + ')');
      } finally {
        if (timer) clearTimeout(timer);
      }
    }

    async function readJson(response) {
      try { return await response.json(); } catch (e) {
        throw syncError('network', 'the answer was cut off', response.status);
      }
    }

    /** Throw the answer's problem (sign in, server down or busy); a 2xx or 4xx passes. */
    function check(response) {
      var problem = rules.answerProblem(response.status, response.headers.get('Retry-After'));
      if (!problem) return;
      var error = syncError(problem.kind, problem.message, problem.status);
      if (problem.retryAfterMs != null) error.retryAfterMs = problem.retryAfterMs;
      throw error;
    }

    function bearer(device, extra) {
      return Object.assign({ Authorization: 'Bearer ' + device.token }, extra || {});
    }

    async function noteServerClock(response, sentAt) {
      var offset = rules.clockOffset(response.headers.get('Date'), sentAt, now());
      if (offset === null) return;
      if (offset !== await store.getMeta('clock_offset_ms', 0)) {
        await store.setMeta('clock_offset_ms', offset);
      }
    }

    async function pushUser(userId, device, opts, report) {
      var batchSize = Math.min(maxBatch, await store.getMeta('batch_size', maxBatch));
      var tried = {};
      for (;;) {
        var all = await store.pending(userId);
        var batch = rules.nextBatch(all, { tried: tried, now: now(), force: opts.force,
          size: batchSize });
        if (!batch.length) return;
        var version = batch[0].schema_version || 1;
        var sentAt = now();
        var response = await request(urls.push, {
          method: 'POST',
          headers: bearer(device, { 'Content-Type': 'application/json' }),
          body: JSON.stringify({ device_id: device.device_id, schema_version: version,
            pending: all.length, records: batch.map(wire) }),
        });
        await noteServerClock(response, sentAt);
        var smaller = response.status === 413 ? rules.smallerBatch(batch.length) : null;
        if (smaller) { // too large: the same records again, fewer at a time from now on
          batchSize = smaller;
          await store.setMeta('batch_size', batchSize);
          continue;
        }
        check(response);
        batch.forEach(function (e) { tried[e.id] = true; });
        if (!response.ok) { // 400 and the like: keep them, try again later, go on with others
          var problem = await response.json().catch(function () { return {}; });
          await store.defer(batch.map(function (e) { return e.id; }), function (tries) {
            return now() + backoffDelay(tries, random);
          }, 'HTTP ' + response.status + ': ' + (problem.message || ''));
          report.deferred += batch.length;
          continue;
        }
        var body = await readJson(response);
        if (!body || !Array.isArray(body.results) || body.results.length !== batch.length) {
          throw syncError('server', 'the server answered without one result per record');
        }
        var left = await store.settle(batch, body.results, now());
        report.sent += left.length;
        report.results = report.results.concat(body.results);
        notify({ type: 'records', ids: left });
      }
    }

    async function uploadPhoto(photo, device, report) {
      var url = urls.photos + photo.id;
      var head = await request(url, { headers: bearer(device) });
      check(head);
      var known = head.ok ? await readJson(head) : { received: 0 };
      if (known.complete) return finishPhoto(photo, report);
      var offset = known.received || 0;
      for (var guard = Math.ceil(photo.size / CHUNK) + 8; guard > 0; guard--) {
        // The server may hold every byte yet not the photo (its record was late): send it whole.
        var whole = offset >= photo.size, end = Math.min(offset + CHUNK, photo.size);
        var headers = bearer(device, { 'Content-Type': photo.mime || 'application/octet-stream',
          'X-Owner-Type': photo.owner_type, 'X-Owner-Id': photo.record_id,
          'X-Photo-Kind': photo.kind || 'shelf' });
        if (!whole) headers['Content-Range'] = 'bytes ' + offset + '-' + (end - 1) + '/' + photo.size;
        var response = await request(url, { method: 'PUT', headers: headers,
          body: whole ? photo.blob : photo.blob.slice(offset, end) });
        check(response);
        var body = await readJson(response);
        if (response.status === 202 || (response.status === 409 && typeof body.received === 'number')) {
          offset = body.received;
          await store.updatePhoto(photo.id, { sent: Math.min(offset, photo.size) });
          notify({ type: 'photo', id: photo.id, sent: offset, size: photo.size });
          continue;
        }
        if (response.ok) return finishPhoto(photo, report);
        if (response.status === 409) { // its record has not reached the server yet
          var tries = (photo.tries || 0) + 1;
          await store.updatePhoto(photo.id, { tries: tries, next_at: now() + backoffDelay(tries, random),
            error: body.message || null });
          return;
        }
        await store.updatePhoto(photo.id, { state: 'refused', error: body.message || String(response.status) });
        await store.addAttention({ id: photo.id, user_id: photo.user_id, type: 'photo',
          store_id: photo.store_id, status: 'rejected', error: body.message || null,
          created_at: photo.created_at, at: now() });
        notify({ type: 'photo', id: photo.id });
        return;
      }
    }

    async function finishPhoto(photo, report) {
      await store.removePhoto(photo.id);
      report.photos += 1;
      notify({ type: 'photo', id: photo.id, sent: photo.size, size: photo.size, done: true });
    }

    async function uploadPhotos(userId, device, opts, report) {
      var ready = await store.photos(function (p) {
        return p.user_id === userId && p.state === 'ready' &&
          (opts.force || !p.next_at || p.next_at <= now());
      });
      ready.sort(function (a, b) { return a.created_at - b.created_at; });
      for (var i = 0; i < ready.length; i++) await uploadPhoto(ready[i], device, report);
    }

    async function pullUser(userId, device, opts) {
      var state = await store.getMeta('pull', null);
      if (!state || state.user_id !== userId) {
        await store.clearCache();
        state = { user_id: userId, cursor: '', at: 0 };
      }
      if (!opts.force && state.at && now() - state.at < PULL_EVERY_MS) return;
      for (var page = 0; page < 500; page++) {
        var response = await request(urls.pull + '?cursor=' + encodeURIComponent(state.cursor) +
          '&device_id=' + encodeURIComponent(device.device_id), { headers: bearer(device) });
        check(response);
        if (response.status === 400 && state.cursor) { state.cursor = ''; await store.clearCache(); continue; }
        if (!response.ok) throw syncError('server', 'pull answered ' + response.status, response.status);
        var body = await readJson(response);
        if (body.reset) { await store.clearCache(); state.cursor = ''; continue; }
        await store.applyChanges(body.changes || []);
        state.cursor = body.cursor || state.cursor;
        state.at = now();
        await store.setMeta('pull', state);
        if (!body.has_more) return;
      }
    }

    async function flushNow(opts) {
      var report = { sent: 0, deferred: 0, photos: 0, results: [], errors: [], blocked: [] };
      notify({ type: 'flush-start', reason: opts.reason || '' }); // observable: what sent it
      var current = await store.getMeta('current_user', null);
      var users = await store.usersWaiting();
      if (current != null && users.indexOf(current) < 0) users.push(current);
      for (var i = 0; i < users.length; i++) {
        var userId = users[i];
        if (userId == null) continue;
        var device = await store.getDevice(userId);
        if (!device || device.needs_signin) { report.blocked.push(userId); continue; }
        var key = 'sync:' + userId;
        var state = await store.getMeta(key, { failures: 0, next_at: 0, last_ok_at: null });
        if (!opts.force && state.next_at > now()) { // backing off
          report.retry = true;
          report.next_at = Math.min(report.next_at || Infinity, state.next_at);
          continue;
        }
        var answeredBefore = answers;
        try {
          await pushUser(userId, device, opts, report);
          await uploadPhotos(userId, device, opts, report);
          if (userId === current && opts.pull !== false) await pullUser(userId, device, opts);
          state = rules.afterSuccess(state, now());
        } catch (error) {
          if (error.kind === 'auth') {
            await store.setDevice(userId, Object.assign({}, device, { needs_signin: true }));
            report.blocked.push(userId);
            state = Object.assign({}, state, { last_error: error.message });
          } else {
            state = rules.afterFailure(state, error, { online: online(), now: now(),
              random: random, answered: answers > answeredBefore });
            report.retry = true;
            // No signal: no timer; the 'online' event (and Background Sync) tries again.
            if (state.offline) report.offline = true;
            else report.next_at = Math.min(report.next_at || Infinity, state.next_at);
          }
          report.errors.push(error.message);
        }
        await store.setMeta(key, state);
      }
      if (Math.floor(random() * 50) === 0) await store.pruneSent(now());
      notify({ type: 'flushed', sent: report.sent, photos: report.photos });
      return report;
    }

    /** Drain the outbox once; opts.force ignores the backoff (online, app opened, visible). */
    function flush(opts) {
      opts = opts || {};
      if (locks && locks.request) {
        // A forced flush (online again, app opened, a new capture) waits for one already
        // running elsewhere (another tab, the worker) and then drains what is left.
        if (opts.force) return locks.request('outbox-flush', function () { return flushNow(opts); });
        return locks.request('outbox-flush', { ifAvailable: true }, function (lock) {
          return lock ? flushNow(opts) : { busy: true, sent: 0, errors: [] };
        });
      }
      if (!running) running = flushNow(opts).finally(function () { running = null; });
      return running;
    }

    /** Register this browser for the signed-in user once (session + CSRF); keeps the token.
     * One at a time across tabs (a lock): a second tab finds the first one's device. A
     * device the server refused is offered back (device_token): still valid, the server
     * answers the same device, so a new sign-in does not make a new one. */
    async function registerDevice(userId, csrfToken, deviceName) {
      var device = await store.getDevice(userId);
      if (device && !device.needs_signin) return device;
      var body = { device_name: deviceName || 'phone' };
      if (device && device.token) body.device_token = device.token;
      var response = await request(urls.devices, { method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrfToken || '' },
        body: JSON.stringify(body) });
      if (response.status !== 201) return device; // a page from the cache, or signed out
      var answer = await readJson(response);
      await store.setDevice(userId, { device_id: answer.device_id, token: answer.token,
        user_id: userId, registered_at: now(), needs_signin: false });
      // a new device (the old one was revoked) numbers the waiting records afresh
      if (device && device.device_id !== answer.device_id) await store.renumber(userId);
      await store.setMeta('sync:' + userId, Object.assign(
        {}, await store.getMeta('sync:' + userId, {}), { failures: 0, next_at: 0 }));
      notify({ type: 'device' });
      return store.getDevice(userId);
    }

    function ensureDevice(userId, csrfToken, deviceName) {
      if (userId == null) return Promise.resolve(null);
      if (locks && locks.request) {
        return locks.request('device-register', function () {
          return registerDevice(userId, csrfToken, deviceName);
        });
      }
      return registerDevice(userId, csrfToken, deviceName);
    }

    /** The signal is back (or the server answered): forget the backoff of every user. */
    async function resetBackoff() {
      var users = await store.usersWaiting();
      var current = await store.getMeta('current_user', null);
      if (current != null && users.indexOf(current) < 0) users.push(current);
      for (var i = 0; i < users.length; i++) {
        if (users[i] == null) continue;
        var key = 'sync:' + users[i];
        var state = await store.getMeta(key, null);
        if (state && (state.failures || state.next_at)) {
          await store.setMeta(key, Object.assign({}, state, { failures: 0, next_at: 0 }));
        }
      }
    }

    /** When the next automatic try for `userId` is due (ms since the epoch), or null. */
    async function nextTryAt(userId) {
      var state = await store.getMeta('sync:' + userId, null);
      return state && state.next_at > now() ? state.next_at : null;
    }

    return { flush: flush, ensureDevice: ensureDevice, resetBackoff: resetBackoff,
      nextTryAt: nextTryAt, urls: urls };
  }

  // What the client did, for the status chip and the pages of every tab (offline-ui.js).
  var channel = null;
  function broadcast(message) {
    if (!channel && typeof BroadcastChannel === 'function') channel = new BroadcastChannel('rounds-sync');
    if (channel) channel.postMessage(message);
  }

  var RoundsSync = {
    rules: rules, createClient: createClient, backoffDelay: backoffDelay, SYNC_TAG: SYNC_TAG,
    MAX_BATCH: MAX_BATCH, CHUNK: CHUNK, TIMER_MS: TIMER_MS, client: null,
  };

  /** The client over the real outbox (pages and the service worker). */
  RoundsSync.configure = function (urls, maxBatch) {
    RoundsSync.client = createClient({
      store: root.RoundsOutbox, fetch: root.fetch.bind(root),
      locks: root.navigator && root.navigator.locks, notify: broadcast,
      online: function () { return !root.navigator || root.navigator.onLine !== false; },
      urls: urls, maxBatch: maxBatch,
    });
    return RoundsSync.client;
  };
  RoundsSync.flush = function (opts) {
    var client = RoundsSync.client || RoundsSync.configure();
    return Promise.resolve(client.flush(opts)).catch(function (error) {
      if (root.console) root.console.warn('Rounds sync:', error);
      return { sent: 0, errors: [String(error)], retry: true };
    });
  };

  /** Page side: register the device, then sync on open, online, visible and a timer. */
  RoundsSync.startPage = function (config, csrfToken, deviceName) {
    var client = RoundsSync.configure(config.urls, config.max_batch);
    var retryTimer = null;
    // Try again when the backoff ends; when another tab or the worker held the flush,
    // look again shortly (it may have failed and set a backoff, or left records behind).
    function schedule(busy) {
      if (retryTimer) clearTimeout(retryTimer);
      root.RoundsOutbox.getMeta('sync:' + config.user_id, null).then(function (state) {
        var wait = state && state.next_at > Date.now() ? state.next_at - Date.now() + 50
          : busy ? BUSY_RETRY_MS : -1;
        if (wait >= 0) {
          retryTimer = setTimeout(function () { kick('retry', false); }, Math.min(wait, TIMER_MS));
        }
      });
    }
    // A page opened from the cache while offline could not register the phone: try
    // again whenever the app opens, the signal returns or the tab comes back.
    function device(force) {
      if (!force) return Promise.resolve(null);
      return client.ensureDevice(config.user_id, csrfToken, deviceName)
        .catch(function () { return null; });
    }
    function kick(reason, force) {
      return device(force).then(function () {
        return RoundsSync.flush({ reason: reason, force: force });
      }).then(function (report) {
        if (report && report.retry) { schedule(false); RoundsSync.requestBackgroundSync(); }
        else if (report && report.busy) schedule(true);
        return report;
      });
    }
    RoundsSync.kick = kick;
    var ready = root.RoundsOutbox.setMeta('current_user', config.user_id)
      .catch(function () { return null; }).then(function () { return kick('open', true); });
    root.addEventListener('online', function () {
      client.resetBackoff().catch(function () {}).then(function () { return kick('online', true); });
    });
    root.document.addEventListener('visibilitychange', function () {
      if (root.document.visibilityState === 'visible') kick('visible', true);
    });
    setInterval(function () { kick('timer', false); }, TIMER_MS);
    return ready;
  };

  /** Ask the browser to wake the service worker when the connection returns (Chromium). */
  RoundsSync.requestBackgroundSync = function () {
    if (!root.navigator || !root.navigator.serviceWorker) return Promise.resolve(false);
    return root.navigator.serviceWorker.ready.then(function (registration) {
      if (!registration.sync) return false;
      return registration.sync.register(SYNC_TAG).then(function () { return true; });
    }).catch(function () { return false; });
  };

  return RoundsSync;
});
