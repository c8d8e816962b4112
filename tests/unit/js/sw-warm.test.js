/* static/js/sw.js `warm`: the pages the rep is looking at (the `urls` a page sends, the
 * store just opened first) are kept before today's list and the server's warm list
 * (issue 9, item 14: "today the store the rep opened may be cached last").
 * Workbox, the outbox and the network are fakes; the worker's own code runs as it is. */
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const vm = require('vm');

const SW = path.join(__dirname, '..', '..', '..', 'static', 'js', 'sw.js');

/* sw.js in a sandbox that is its own `self`, as a worker's global scope is. */
function runWorker(globals) {
  const scope = vm.createContext({ console, setTimeout, clearTimeout, Date, Math, URL, Promise,
    JSON, Object, Array, Number, String, Error, ...globals });
  scope.self = scope;
  vm.runInContext(fs.readFileSync(SW, 'utf8'), scope, { filename: 'sw.js' });
  return scope;
}

const ORIGIN = 'https://rounds.test';
const TODAY_HTML = '<a href="/rep/stores/1">1</a><a href="/rep/stores/2">2</a>';

function worker(serverList) {
  const events = [];  // 'start /rep/…' and 'end /rep/…' of each page the warmer fetches
  const listeners = {};
  const meta = {};
  class Strategy {
    constructor(options) { this.options = options; }
    async handle({ request }) {
      const path = new URL(request.url).pathname;
      events.push(`start ${path}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      events.push(`end ${path}`);
      return new Response(path === '/rep/today' ? TODAY_HTML : '<p>page</p>',
        { status: 200, headers: { 'Content-Type': 'text/html' } });
    }
  }
  const noop = () => {};
  runWorker({
    // a worker resolves a relative URL against its own location
    Request: class extends Request { constructor(url, init) { super(new URL(url, ORIGIN), init); } },
    Response,
    location: new URL(ORIGIN),
    importScripts: noop,
    addEventListener: (type, fn) => { listeners[type] = fn; },
    skipWaiting: noop,
    fetch: async (url) => {
      assert.equal(url, '/pwa/warm');
      return new Response(JSON.stringify({ urls: serverList }), { status: 200 });
    },
    workbox: {
      setConfig: noop,
      core: { clientsClaim: noop },
      precaching: { cleanupOutdatedCaches: noop, precacheAndRoute: noop, matchPrecache: noop },
      routing: { registerRoute: noop, setCatchHandler: noop },
      strategies: { StaleWhileRevalidate: Strategy, NetworkFirst: Strategy, NetworkOnly: Strategy },
      expiration: { ExpirationPlugin: class {} },
    },
    RoundsOutbox: {
      getMeta: async (key, fallback) => (key in meta ? meta[key] : fallback),
      setMeta: async (key, value) => { meta[key] = value; },
    },
    RoundsSync: { configure: noop, flush: async () => ({}) },
  });
  return { events, listeners };
}

async function warmFromPage(w, urls) {
  let work = null;
  w.listeners.message({ data: { type: 'warm', force: true, urls }, source: null,
                        waitUntil: (promise) => { work = promise; } });
  await work;
}

test('the store the rep just opened is kept before today and the server\'s list', async () => {
  const server = ['/rep/today', '/rep/products', '/rep/stores', '/rep/outbox',
                  '/rep/stores/1', '/rep/stores/1/visit', '/rep/stores/2'];
  const w = worker(server);
  await warmFromPage(w, ['/rep/stores/9', '/rep/products', '/rep/stores', '/rep/outbox']);
  const started = w.events.filter((e) => e.startsWith('start ')).map((e) => e.slice(6));
  assert.equal(started[0], '/rep/stores/9', started.join(', '));
  // the pages the rep looks at are all kept before today's list is asked for
  const firstOfRest = w.events.findIndex((e) => e === 'start /rep/today');
  const pageGroupDone = Math.max(...['/rep/stores/9', '/rep/products', '/rep/stores', '/rep/outbox']
    .map((path) => w.events.indexOf(`end ${path}`)));
  assert.ok(pageGroupDone < firstOfRest, w.events.join(', '));
  // nothing is fetched twice, and the rest still comes: today, its links, the server's list
  assert.equal(new Set(started).size, started.length, started.join(', '));
  for (const path of [...server, '/rep/stores/2']) assert.ok(started.includes(path), path);
});

test('a page that sends nothing still warms today first, then the server\'s list', async () => {
  const w = worker(['/rep/today', '/rep/stores/1']);
  await warmFromPage(w, undefined);
  const started = w.events.filter((e) => e.startsWith('start ')).map((e) => e.slice(6));
  assert.equal(started[0], '/rep/today');
  assert.ok(started.includes('/rep/stores/1') && started.includes('/rep/stores/2'));
});
