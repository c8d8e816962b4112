/* Rounds service worker, served as /sw.js by webapp/pwa.py (which fills in the
 * precache list below). Workbox comes from our own static files, never a CDN.
 * - precache: the app shell (css, our scripts, htmx, idb, the page icons, /offline), by
 *   content-hashed URL with revision null: read from the HTTP cache the page filled;
 * - rep pages, htmx fragments and the owner's order pages: the network first, the cached copy after 1 s without
 *   an answer (a weak signal); a copy from the cache is marked so the page shows
 *   "as of <time>" (offline-ui.js). The page right after a save waits (up to 5 s) for
 *   the upload first, so the rep sees what was just saved;
 * - signing out (the POST to /logout) drops the kept pages, whatever the page did;
 * - all kept 2 days; pre-warmed from today's list when a page asks;
 * - any other page offline: /offline in the language the pages last came in (one copy each);
 * - the outbox: flushed when the worker starts, on a page's request, on Background Sync
 *   and Periodic Background Sync where the browser has them (sync-client.js). */
importScripts('/static/vendor/workbox-v7.4.1/workbox-sw.js');
workbox.setConfig({ modulePathPrefix: '/static/vendor/workbox-v7.4.1/', debug: false });
// Our scripts, in the one load order of webapp/pwa.py WORKER_SCRIPTS (each needs the ones
// before it); they give this worker RoundsOutbox and RoundsSync.
importScripts('/static/vendor/idb-8.0.4.umd.js', '/static/js/hlc.js', '/static/js/outbox.js',
  '/static/js/sync-client.js');

var PAGE_MAX_AGE_S = 2 * 24 * 3600;
var WARM_EVERY_MS = 30 * 60 * 1000;
var WARM_MAX_URLS = 300;
var WARM_LIST = '/pwa/warm';
var TODAY = '/rep/today';
var FRESH_TIMEOUT_S = 1; // a weak signal costs at most this before the cached copy shows
var AFTER_SAVE_MS = 15000; // the next page within this time after a save...
var AFTER_SAVE_WAIT_MS = 5000; // ...waits this long at most for the upload to finish
var LOGOUT = '/logout';
var PAGE_CACHES = ['rounds-pages', 'rounds-fragments'];

// Touch every module now: Workbox loads them with importScripts, which is only allowed
// while the worker script first runs.
var core = workbox.core;
var precaching = workbox.precaching;
var routing = workbox.routing;
var strategies = workbox.strategies;
var expiration = workbox.expiration;

self.addEventListener('install', function () { self.skipWaiting(); });
core.clientsClaim();
precaching.cleanupOutdatedCaches();
/* Static files are precached under the URL pages ask for, `?v=<content hash>`, with
 * revision null (webapp/static_assets.py): Workbox then fetches them through the HTTP
 * cache, which holds what the page just loaded, so nothing crosses the wire twice. A
 * page kept from before an update asks for an older hash (or none): it gets the
 * current copy of the same file, as it would online. */
var PRECACHE = self.__WB_MANIFEST;
var CURRENT_ASSET = {}; // '/static/css/app.css' → the precached '/static/css/app.css?v=…'
(PRECACHE || []).forEach(function (entry) {
  var url = new URL(entry.url, self.location.origin);
  if (url.searchParams.has('v')) CURRENT_ASSET[url.pathname] = url.href;
});
precaching.precacheAndRoute(PRECACHE, {
  urlManipulation: function (o) {
    var current = CURRENT_ASSET[o.url.pathname];
    return current && current !== o.url.href ? [new URL(current)] : [];
  },
});

/* Only whole, successful, same-origin pages are kept: never a login page that a
 * redirect put in place of a rep page. */
var keepGoodPages = {
  cacheWillUpdate: async function (args) {
    var r = args.response;
    return r && r.status === 200 && !r.redirected && r.type === 'basic' ? r : null;
  },
};

/* The language the pages come in (Content-Language, set by the server from the user's
 * choice): the offline page is shown in the same one (one precached copy per language). */
var LANGUAGE_META = 'page_language';
var noteLanguage = {
  fetchDidSucceed: async function (args) {
    var lang = args.response.headers.get('Content-Language');
    if (lang && args.response.ok) await RoundsOutbox.setMeta(LANGUAGE_META, lang);
    return args.response;
  },
};

/* A page read from the cache says so: its "as of" line (templates/layouts/mobile.html,
 * data-as-of) gets data-from-cache, and offline-ui.js shows the time it was made. */
var markFromCache = {
  cachedResponseWillBeUsed: async function (args) {
    var r = args.cachedResponse;
    if (!r || (r.headers.get('Content-Type') || '').indexOf('text/html') < 0) return r;
    var html = await r.text();
    // The body is decoded text now: its stored encoding and length no longer describe it.
    var headers = new Headers(r.headers);
    headers.delete('Content-Encoding');
    headers.delete('Content-Length');
    return new Response(html.replace('data-as-of=', 'data-from-cache data-as-of='),
      { status: r.status, statusText: r.statusText, headers: headers });
  },
};

function pageOptions(cacheName, extra) {
  return Object.assign({
    cacheName: cacheName,
    matchOptions: { ignoreVary: true },
    plugins: [keepGoodPages, noteLanguage, markFromCache, new expiration.ExpirationPlugin({
      maxAgeSeconds: PAGE_MAX_AGE_S, maxEntries: 400, purgeOnQuotaError: true })],
  }, extra || {});
}
var freshPages = new strategies.NetworkFirst(pageOptions('rounds-pages',
  { networkTimeoutSeconds: FRESH_TIMEOUT_S }));
var fragments = new strategies.NetworkFirst(pageOptions('rounds-fragments',
  { networkTimeoutSeconds: FRESH_TIMEOUT_S }));
// Pre-warming wants the server's copy (it refreshes the cache): wait for the network.
var warmer = new strategies.NetworkFirst(pageOptions('rounds-pages', { networkTimeoutSeconds: 20 }));
var savedAt = 0; // a page asked for a flush: the rep just saved something
var saving = Promise.resolve(); // that flush

/* The server ended the session: no page of that user is shown from the cache again. */
function dropPages() {
  return Promise.all(PAGE_CACHES.map(function (name) { return caches.delete(name); })
    .concat([RoundsOutbox.setMeta('warm_at', 0)])).catch(function () {});
}
var forgetOnSignOut = {
  fetchDidSucceed: async function (args) {
    var url = new URL(args.request.url);
    if (args.request.method === 'POST' && url.origin === self.location.origin &&
        url.pathname === LOGOUT) await dropPages();
    return args.response;
  },
};
var navigations = new strategies.NetworkOnly({ plugins: [noteLanguage, forgetOnSignOut] });

function isRepPage(url) {
  return url.origin === self.location.origin && url.pathname.indexOf('/rep/') === 0;
}
// htmx asking for part of a page (not a boosted navigation) gets a fragment: cache apart.
function isFragment(request) {
  return request.headers.get('HX-Request') === 'true' && request.headers.get('HX-Boosted') !== 'true';
}

// A script asking for the server's copy (fetch with cache 'no-store' or 'reload', e.g.
// offline-ui.js refreshing a page's parts after an upload) gets the network, never a copy.
// Not htmx's requests (boosted links, fragments) nor navigations: the browser gives those
// 'reload' by itself when its HTTP cache is turned off (e.g. Playwright intercepting
// requests), and offline they must still come from the copy.
function isHtmx(request) { return request.headers.get('HX-Request') === 'true'; }
function bypassesCache(request) {
  return (request.cache === 'no-store' || request.cache === 'reload') &&
    request.mode !== 'navigate' && !isHtmx(request);
}
routing.registerRoute(function (o) {
  return isRepPage(o.url) && bypassesCache(o.request);
}, new strategies.NetworkOnly());
routing.registerRoute(function (o) { return isRepPage(o.url) && !isFragment(o.request); },
  async function (o) {
    // The page right after a save is asked for once the upload is through, so the
    // server's copy shows what was just saved; the pages after it cost 1 s again.
    if (Date.now() - savedAt < AFTER_SAVE_MS && o.request.mode === 'navigate') {
      savedAt = 0;
      await Promise.race([saving, new Promise(function (done) { setTimeout(done, AFTER_SAVE_WAIT_MS); })]);
    }
    return freshPages.handle(o);
  });
routing.registerRoute(function (o) { return isRepPage(o.url) && isFragment(o.request); }, fragments);
/* The owner's orders (issue 11 item 8): the list and each order page (with its photos)
 * the owner opened are kept like rep pages, so the last-seen orders open without signal.
 * GET only: a cancel, a receipt or a survey always goes to the server. */
var OWNER_ORDER_PAGE = /^\/store\/orders(\/\d+(\/photos\/[A-Za-z0-9-]+)?)?$/;
function isOwnerOrderPage(url) {
  return url.origin === self.location.origin && OWNER_ORDER_PAGE.test(url.pathname);
}
routing.registerRoute(function (o) {
  return isOwnerOrderPage(o.url) && !isFragment(o.request) && !bypassesCache(o.request);
}, freshPages);
// Any other owner page a boosted tap asks for (the owner's bottom bar) goes to the
// network; without signal the catch handler answers with the owner's offline page, where
// a request no route took would fail in silence and the tap would do nothing.
routing.registerRoute(function (o) {
  return o.url.origin === self.location.origin && o.url.pathname.indexOf('/store/') === 0 &&
    o.request.headers.get('HX-Boosted') === 'true';
}, new strategies.NetworkOnly());
// The home-screen icon opens "/": offline, a rep lands on today's list from the cache.
routing.registerRoute(function (o) {
  return o.request.mode === 'navigate' && o.url.origin === self.location.origin && o.url.pathname === '/';
}, async function (o) {
  try {
    return await fetch(o.request);
  } catch (error) {
    var today = await caches.match(TODAY, { cacheName: 'rounds-pages', ignoreVary: true });
    if (today) return markFromCache.cachedResponseWillBeUsed({ cachedResponse: today });
    throw error;
  }
});
routing.registerRoute(function (o) { return o.request.mode === 'navigate'; }, navigations);
routing.registerRoute(function (o) { return o.request.mode === 'navigate'; }, navigations, 'POST');
routing.setCatchHandler(async function (o) {
  // A page (or an htmx boosted navigation) gets the offline page; a fragment gets a
  // network error, so htmx leaves its target alone instead of pasting a page into it.
  var request = o.request;
  if (request.mode === 'navigate' || request.headers.get('HX-Boosted') === 'true') {
    var lang = await RoundsOutbox.getMeta(LANGUAGE_META, null).catch(function () { return null; });
    // a store owner's page (/store/...) gets the owner's copy: their orders, not a round
    var owner = new URL(request.url).pathname.indexOf('/store/') === 0 ? '&audience=owner' : '';
    var offline = (lang && await precaching.matchPrecache('/offline?lang=' + encodeURIComponent(lang) + owner)) ||
      (lang && await precaching.matchPrecache('/offline?lang=' + encodeURIComponent(lang))) ||
      await precaching.matchPrecache('/offline');
    if (offline) return offline;
  }
  return Response.error();
});

/* Pre-warm: first the pages the rep is looking at (`extra`, sent by the page: the store
 * just opened), then today's list, the server's list and the pages today links to under
 * /rep/ (store pages, the store list, the outbox), then each of those pages' own sub-pages
 * (capture forms), so they are in the cache even if the rep never opened them. */
function repLinks(html, base, under) {
  var found = [], re = /href="([^"#]+)"/g, match;
  while ((match = re.exec(html))) {
    var url = new URL(match[1].replace(/&amp;/g, '&'), base);
    if (!isRepPage(url)) continue;
    if (under && url.pathname.indexOf(under + '/') !== 0) continue;
    found.push(url.pathname + url.search);
  }
  return found;
}

async function warm(event, force, extra) {
  var last = await RoundsOutbox.getMeta('warm_at', 0);
  if (!force && Date.now() - last < WARM_EVERY_MS) return { skipped: true };
  await RoundsOutbox.setMeta('warm_at', Date.now());
  var seen = {}, first = [], queue = [{ url: TODAY, depth: 0 }], fetched = 0;
  seen[TODAY] = true;
  (extra || []).forEach(function (url) {
    if (!seen[url] && isRepPage(new URL(url, self.location.origin))) {
      seen[url] = true;
      first.push({ url: url, depth: 2 });
    }
  });
  // What the rep looks at goes alone, before the rest (issue 9, item 14).
  await Promise.all(first.map(function (item) { return one(item).catch(function () {}); }));
  // The server's list: stores due today and in the next two days with their capture
  // forms, the store list and the outbox. Kept, not followed. Without it, today's links still are.
  var listed = [];
  try {
    var answer = await fetch(WARM_LIST, { credentials: 'same-origin', cache: 'no-store' });
    if (answer.ok && !answer.redirected) listed = (await answer.json()).urls || [];
  } catch (error) { /* offline or signed out: today's links only */ }
  listed.forEach(function (url) {
    if (!seen[url] && isRepPage(new URL(url, self.location.origin))) {
      seen[url] = true;
      queue.push({ url: url, depth: 2 });
    }
  });
  async function one(item) {
    var response = await warmer.handle({ event: event, request: new Request(item.url, { credentials: 'same-origin' }) });
    fetched += 1;
    if (!response || !response.ok || response.redirected || item.depth >= 2) return;
    var html = await response.clone().text();
    repLinks(html, self.location.origin + item.url, item.depth === 1 ? item.url.split('?')[0] : null)
      .forEach(function (url) {
        if (seen[url] || Object.keys(seen).length >= WARM_MAX_URLS) return;
        seen[url] = true;
        queue.push({ url: url, depth: item.depth + 1 });
      });
  }
  while (queue.length) {
    var wave = queue.splice(0, 4);
    await Promise.all(wave.map(function (item) { return one(item).catch(function () {}); }));
  }
  return { fetched: fetched };
}

RoundsSync.configure();

self.addEventListener('message', function (event) {
  var data = event.data || {};
  var work = null;
  if (data.type === 'flush') {
    work = RoundsSync.flush({ reason: 'message', force: true });
    savedAt = Date.now();
    saving = work.catch(function () {});
  }
  else if (data.type === 'warm') work = warm(event, !!data.force, data.urls);
  if (!work) return;
  event.waitUntil(work.then(function (result) {
    if (event.source && data.reply) event.source.postMessage({ type: data.type + ':done', result: result });
  }));
});

// Background Sync (Chromium): throw while records still wait on a network error, so the
// browser tries again later. Safari and Firefox rely on the other triggers.
self.addEventListener('sync', function (event) {
  if (event.tag !== RoundsSync.SYNC_TAG) return;
  // The browser wakes us because the connection is back: the backoff starts afresh.
  var client = RoundsSync.client || RoundsSync.configure();
  event.waitUntil(client.resetBackoff().catch(function () {}).then(function () {
    return RoundsSync.flush({ reason: 'background-sync', force: true });
  }).then(function (report) {
    if (report && report.retry) throw new Error('Rounds: records still wait; retry later');
  }));
});

self.addEventListener('periodicsync', function (event) {
  if (event.tag !== 'rounds-periodic') return;
  event.waitUntil(RoundsSync.flush({ reason: 'periodic' }).then(function () { return warm(event, false); }));
});

// The worker starts (install, a page opens, a push of the browser): drain what waits.
RoundsSync.flush({ reason: 'sw-start' });
