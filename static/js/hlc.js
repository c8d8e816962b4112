/* The phone's hybrid logical clock: the twin of HybridClock in sync/hlc.py.
 * Wire format "<unix ms>:<counter>:<node id>". The state {wall, counter} is kept
 * in IndexedDB by outbox.js and advanced in the same transaction that queues a
 * record, so two tabs (or a tab and the service worker) never issue one clock twice.
 * Pure functions, no DOM. Needs nothing: loaded by pages and the service worker before
 * outbox.js (webapp/pwa.py WORKER_SCRIPTS); in node, `require('static/js/hlc.js')`. */
(function (root, factory) {
  'use strict';
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else if (!root.RoundsHLC) root.RoundsHLC = factory();
})(typeof self !== 'undefined' ? self : globalThis, function () {
  'use strict';
  var MAX_COUNTER = 2147483647; // 2**31 - 1, as the server
  var MAX_WALL = 9007199254740991; // 2**53 - 1
  var NODE = /^[A-Za-z0-9_.-]{1,64}$/;
  var UINT = /^(0|[1-9][0-9]*)$/;

  /** Advance the clock for a local event: wall = max(wall, physical); bump the counter on a tie. */
  function tick(state, physicalMs) {
    var lastWall = (state && state.wall) || 0, lastCounter = (state && state.counter) || 0;
    var physical = Math.floor(Number(physicalMs) || 0);
    var wall = Math.max(lastWall, physical);
    var counter = wall === lastWall ? lastCounter + 1 : 0;
    if (counter > MAX_COUNTER) { wall += 1; counter = 0; } // stays monotonic
    return { wall: Math.min(wall, MAX_WALL), counter: counter };
  }

  /** Merge a clock received from elsewhere (the paper's receive rule). */
  function receive(state, remote, physicalMs) {
    var oldWall = (state && state.wall) || 0, oldCounter = (state && state.counter) || 0;
    var physical = Math.floor(Number(physicalMs) || 0);
    var wall = Math.max(oldWall, remote.wall, physical), counter;
    if (wall === oldWall && wall === remote.wall) counter = Math.max(oldCounter, remote.counter) + 1;
    else if (wall === oldWall) counter = oldCounter + 1;
    else if (wall === remote.wall) counter = remote.counter + 1;
    else counter = 0;
    if (counter > MAX_COUNTER) { wall += 1; counter = 0; }
    return { wall: wall, counter: counter };
  }

  function validNode(node) { return typeof node === 'string' && NODE.test(node); }

  function format(state, node) {
    if (!validNode(node)) throw new Error('HLC node id ' + JSON.stringify(node) + ' is not valid');
    return state.wall + ':' + state.counter + ':' + node;
  }

  /** Parse the wire format strictly (as sync/hlc.py does); throws on anything else. */
  function parse(text) {
    var parts = String(text).split(':');
    if (parts.length < 3) throw new Error('HLC ' + JSON.stringify(text) + ' needs 3 parts');
    var node = parts.slice(2).join(':');
    if (!UINT.test(parts[0]) || !UINT.test(parts[1]) || !validNode(node)) {
      throw new Error('HLC ' + JSON.stringify(text) + ' is not valid');
    }
    return { wall: Number(parts[0]), counter: Number(parts[1]), node: node };
  }

  /** Order two parsed clocks like the server: (wall, counter, node). */
  function compare(a, b) {
    if (a.wall !== b.wall) return a.wall < b.wall ? -1 : 1;
    if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1;
    if (a.node === b.node) return 0;
    return a.node < b.node ? -1 : 1;
  }

  /** A fresh node id for this phone: "p" + 16 hex digits from the given random bytes. */
  function newNodeId(bytes) {
    var hex = '';
    for (var i = 0; i < 8; i++) hex += ('0' + (bytes[i] & 255).toString(16)).slice(-2);
    return 'p' + hex;
  }

  return {
    tick: tick, receive: receive, format: format, parse: parse, compare: compare,
    validNode: validNode, newNodeId: newNodeId, MAX_COUNTER: MAX_COUNTER,
  };
});
