/* Is today's round on this phone? The server's warm list (/pwa/warm: today, the store
 * list, the pages of the stores due in the next days) against the service worker's
 * caches: "k of n pages kept" while it fills, "ready" once all are there. The list is
 * remembered, so the answer stands offline too. */
(function (root) {
  'use strict';
  var doc = root.document;
  var KEY = 'rounds-warm-list';
  var TRIES = 60;

  function config() {
    try { return JSON.parse(doc.getElementById('rounds-sync-config').textContent); } catch (e) { return {}; }
  }
  async function warmList() {
    var cfg = config();
    if (root.navigator.onLine !== false && cfg.urls && cfg.urls.warm) {
      try {
        var answer = await root.fetch(cfg.urls.warm, { credentials: 'same-origin', cache: 'no-store' });
        if (answer.ok && !answer.redirected) {
          var urls = (await answer.json()).urls || [];
          root.localStorage.setItem(KEY, JSON.stringify(urls));
          return urls;
        }
      } catch (e) { /* no signal after all */ }
    }
    try { return JSON.parse(root.localStorage.getItem(KEY) || 'null'); } catch (e) { return null; }
  }

  async function check(box, urls, tries) {
    var text;
    if (!urls || !urls.length || !root.caches) text = box.getAttribute('data-text-unknown');
    else {
      var hits = await Promise.all(urls.map(function (url) {
        return root.caches.match(url, { ignoreVary: true }).then(Boolean).catch(function () { return false; });
      }));
      var done = hits.filter(Boolean).length;
      var ready = done === urls.length;
      box.setAttribute('data-state', ready ? 'ready' : 'filling');
      text = box.getAttribute(ready ? 'data-text-ready' : 'data-text-progress')
        .replace('{done}', done).replace('{total}', urls.length);
      if (!ready && tries > 0) setTimeout(function () { check(box, urls, tries - 1); }, 2000);
    }
    box.textContent = text;
    box.hidden = false;
  }

  var box = doc.querySelector('[data-offline-ready]');
  if (box && !box.roundsChecked) {
    box.roundsChecked = true;
    warmList().then(function (urls) { return check(box, urls, TRIES); });
  }
})(window);
