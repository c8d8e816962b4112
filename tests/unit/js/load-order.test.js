/* The one load order (webapp/pwa.py WORKER_SCRIPTS, the service worker's importScripts):
 * loaded as a classic script in that order, each file finds what it needs and gives the
 * page or the worker one global; loaded before what it needs, it says so at once. */
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const { fakeIdb } = require('./fakes');

const ROOT = path.join(__dirname, '..', '..', '..');
const SW = fs.readFileSync(path.join(ROOT, 'static', 'js', 'sw.js'), 'utf8');

/** Our scripts as the worker imports them, in order ('js/hlc.js', …). */
function workerScripts() {
  const calls = [...SW.matchAll(/importScripts\(([^)]*)\)/g)].map((m) => m[1]).join(',');
  return [...calls.matchAll(/'\/static\/(js\/[\w.-]+\.js)'/g)].map((m) => m[1]);
}

/** A classic-script global scope (a worker's `self`) with the idb library in it. */
function scope() {
  const sandbox = vm.createContext({ console, setTimeout, clearTimeout, Date, Math, URL, Promise,
    JSON, Object, Array, Number, String, Error, idb: fakeIdb(), crypto: globalThis.crypto });
  sandbox.self = sandbox;
  return sandbox;
}

function run(sandbox, name) {
  vm.runInContext(fs.readFileSync(path.join(ROOT, 'static', name), 'utf8'), sandbox, { filename: name });
}

test('the worker imports our scripts in one order, and each finds what it needs', () => {
  const names = workerScripts();
  assert.deepEqual(names, ['js/hlc.js', 'js/outbox.js', 'js/sync-rules.js', 'js/sync-client.js']);
  const sandbox = scope();
  names.forEach((name) => run(sandbox, name));
  for (const global of ['RoundsHLC', 'RoundsOutbox', 'RoundsSyncRules', 'RoundsSync']) {
    assert.equal(typeof sandbox[global], 'object', global);
  }
  const before = sandbox.RoundsOutbox;
  run(sandbox, 'js/outbox.js'); // a page that loads it twice (htmx) keeps the first
  assert.equal(sandbox.RoundsOutbox, before);
});

test('a script loaded before what it needs says so instead of failing later', () => {
  assert.throws(() => run(scope(), 'js/outbox.js'), /outbox\.js needs idb and hlc\.js/);
  const sandbox = scope();
  run(sandbox, 'js/hlc.js');
  run(sandbox, 'js/outbox.js');
  assert.throws(() => run(sandbox, 'js/sync-client.js'), /sync-client\.js needs sync-rules\.js/);
});

test('the pure scripts need nothing', () => {
  for (const name of ['js/hlc.js', 'js/sync-rules.js', 'js/capture.js']) {
    const sandbox = scope();
    run(sandbox, name);
    assert.equal(Object.keys(sandbox).filter((k) => k.startsWith('Rounds')).length, 1, name);
  }
});
