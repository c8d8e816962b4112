/* The sync client's decisions, as pure functions over plain values: which records go in
 * the next push, what an answer's status means, how long to wait after a failure, and
 * the phone's clock offset. No fetch, no IndexedDB, no DOM: sync-client.js acts on these
 * answers, and node runs them as they are (tests/unit/js). docs/sync-protocol.md is the
 * contract they follow.
 * Needs nothing. Loaded by pages and the service worker before sync-client.js (the load
 * order: webapp/pwa.py WORKER_SCRIPTS); in node, `require('static/js/sync-rules.js')`. */
(function (root, factory) {
  'use strict';
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else if (!root.RoundsSyncRules) root.RoundsSyncRules = factory();
})(typeof self !== 'undefined' ? self : globalThis, function () {
  'use strict';

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
});
