/* The one load order (webapp/pwa.py WORKER_SCRIPTS, then CLIENT_SCRIPTS; the service
 * worker's importScripts): loaded as classic scripts in that order, each file finds what
 * it needs and gives the page or the worker one global; loaded before what it needs, it
 * says so at once. A page kept offline from before an update names the scripts of its
 * own day, and gets the current copy of each: they must still load there. */
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const { fakeIdb } = require('./fakes');

const ROOT = path.join(__dirname, '..', '..', '..');
const read = (...parts) => fs.readFileSync(path.join(ROOT, ...parts), 'utf8');

/** Our scripts as the worker imports them, in order ('js/hlc.js', …). */
function workerImports() {
  const calls = [...read('static', 'js', 'sw.js').matchAll(/importScripts\(([^)]*)\)/g)]
    .map((m) => m[1]).join(',');
  return [...calls.matchAll(/'\/static\/(js\/[\w.-]+\.js)'/g)].map((m) => m[1]);
}

/** Our scripts of a tuple in webapp/pwa.py (`WORKER_SCRIPTS = (IDB_JS, "js/…", …)`). */
function listed(name) {
  const line = new RegExp(`^${name} = \\(([^)]*)\\)`, 'm').exec(read('webapp', 'pwa.py'));
  assert.ok(line, `${name} is not in webapp/pwa.py`);
  const own = [...line[1].matchAll(/"(js\/[\w.-]+\.js)"/g)].map((m) => m[1]);
  return line[1].includes('*WORKER_SCRIPTS') ? listed('WORKER_SCRIPTS').concat(own) : own;
}

/** A classic-script global scope (a page's window, a worker's `self`) with idb in it. */
function scope() {
  const sandbox = vm.createContext({ console, setTimeout, clearTimeout, Date, Math, URL, Promise,
    JSON, Object, Array, Number, String, Error, idb: fakeIdb(), crypto: globalThis.crypto,
    // a page still loading: offline-ui.js waits for DOMContentLoaded to start
    document: { readyState: 'loading', addEventListener() {} } });
  sandbox.self = sandbox;
  return sandbox;
}

function run(sandbox, name) {
  vm.runInContext(read('static', name), sandbox, { filename: name });
}

const GLOBALS = { 'js/hlc.js': 'RoundsHLC', 'js/outbox.js': 'RoundsOutbox',
  'js/sync-client.js': 'RoundsSync', 'js/capture.js': 'RoundsCapture',
  'js/offline-ui.js': 'RoundsOfflineUI' };

function loadsInOrder(names) {
  const sandbox = scope();
  names.forEach((name) => run(sandbox, name));
  for (const name of names) assert.equal(typeof sandbox[GLOBALS[name]], 'object', name);
  return sandbox;
}

test('the worker imports WORKER_SCRIPTS in their order, and each finds what it needs', () => {
  assert.deepEqual(workerImports(), listed('WORKER_SCRIPTS'));
  const sandbox = loadsInOrder(workerImports());
  const before = sandbox.RoundsOutbox;
  run(sandbox, 'js/outbox.js'); // a page that loads it twice (htmx) keeps the first
  assert.equal(sandbox.RoundsOutbox, before);
});

test('a page loads CLIENT_SCRIPTS in their order, and each finds what it needs', () => {
  assert.deepEqual(listed('CLIENT_SCRIPTS'),
    ['js/hlc.js', 'js/outbox.js', 'js/sync-client.js', 'js/capture.js', 'js/offline-ui.js']);
  loadsInOrder(listed('CLIENT_SCRIPTS'));
});

test('a page kept from before this version still loads with today\'s scripts', () => {
  // the script list of the pages the app made before (webapp/pwa.py until issue 10)
  loadsInOrder(['js/capture.js', 'js/hlc.js', 'js/outbox.js', 'js/sync-client.js', 'js/offline-ui.js']);
});

test('a script loaded before what it needs says so instead of failing later', () => {
  assert.throws(() => run(scope(), 'js/outbox.js'), /outbox\.js needs idb and hlc\.js/);
  assert.throws(() => run(scope(), 'js/sync-client.js'), /sync-client\.js needs outbox\.js/);
  assert.throws(() => run(scope(), 'js/offline-ui.js'), /offline-ui\.js needs capture\.js/);
});

test('the pure scripts need nothing', () => {
  for (const name of ['js/hlc.js', 'js/capture.js']) {
    const sandbox = scope();
    run(sandbox, name);
    assert.equal(typeof sandbox[GLOBALS[name]], 'object', name);
  }
});
