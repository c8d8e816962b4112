/* The phone's offline face: capture forms go to the outbox, the status chip, the
 * records waiting on a store page, and what needs the rep's attention.
 * - form[data-capture] submit → RoundsCapture.recordsFromEntries(its fields) → outbox (with
 *   photos as blobs) → "Saved on the phone — waiting to upload" → data-after. The same
 *   path online and offline: online, the outbox simply drains at once.
 * - #sync-status (templates/pwa/partial/sync_status.html): waiting count, last good sync,
 *   a warning after 24 h, "sign in again", conflicts and rejections.
 * - section#pending-records[data-store-id]: the store's records still on the phone.
 * Text comes from #rounds-i18n (translated on the server); nothing here blocks the page.
 * Needs capture.js (RoundsCapture), outbox.js (RoundsOutbox) and sync-client.js
 * (RoundsSync), loaded before it (webapp/pwa.py CLIENT_SCRIPTS). The phone checks of a
 * capture form (capture-form.js, when the page has it) answer the `rounds:check` event. */
(function (root) {
  'use strict';
  if (root.RoundsOfflineUI) { root.RoundsOfflineUI.render(); return; }
  if (!root.RoundsCapture || !root.RoundsOutbox || !root.RoundsSync) {
    throw new Error('offline-ui.js needs capture.js, outbox.js and sync-client.js loaded first');
  }
  var doc = root.document;
  var PHOTO_TYPES = ['visit', 'price_check', 'ticket'];
  var TOAST_KEY = 'rounds-toast';

  function readJson(id) {
    var el = doc.getElementById(id);
    if (!el) return null;
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }
  function config() { return readJson('rounds-sync-config'); }

  /** A translated string with {name} placeholders filled in. */
  function t(key, vars) {
    var text = (readJson('rounds-i18n') || {})[key] || key;
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return vars && vars[name] !== undefined ? String(vars[name]) : all;
    });
  }

  function el(tag, attrs, children) {
    var node = doc.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k]; else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  // Times in the configured zone (<html data-zone>), as the server's pages show them,
  // not in the phone's own zone.
  function zone() {
    var html = doc.documentElement;
    return (html && html.getAttribute && html.getAttribute('data-zone')) || undefined;
  }
  function dayOf(date) {
    return new Intl.DateTimeFormat('en-CA', { timeZone: zone() }).format(date);
  }

  function when(ms) {
    var date = new Date(ms), today = new Date();
    var lang = doc.documentElement.lang || undefined;
    var opts = dayOf(date) === dayOf(today)
      ? { hour: '2-digit', minute: '2-digit' }
      : { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' };
    return new Intl.DateTimeFormat(lang, Object.assign({ timeZone: zone() }, opts)).format(date);
  }

  function clockTime(ms) {
    return new Intl.DateTimeFormat(doc.documentElement.lang || undefined,
      { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: zone() }).format(new Date(ms));
  }

  function percent(sent, size) { return (size ? Math.floor(100 * sent / size) : 0) + '%'; }

  /* ---- capture: form → outbox ---- */

  function formEntries(form, submitter) {
    var data;
    try { data = new FormData(form, submitter || undefined); } catch (e) { data = new FormData(form); }
    return Array.from(data.entries());
  }

  // Which record a photo input belongs to: data-record="r2" names one; else the record of
  // the form's own type; else the first record that may carry photos.
  function photoOwner(input, form, records) {
    var named = input.getAttribute('data-record');
    if (named) {
      var idField = form.elements.namedItem(named.replace(/^r?/, 'r') + '.id');
      var id = idField && idField.value && idField.value.toLowerCase();
      var byId = records.findIndex(function (r) { return String(r.id).toLowerCase() === id; });
      if (byId >= 0) return byId;
    }
    var own = records.findIndex(function (r) { return r.type === form.getAttribute('data-capture'); });
    if (own >= 0 && PHOTO_TYPES.indexOf(records[own].type) >= 0) return own;
    return records.findIndex(function (r) { return PHOTO_TYPES.indexOf(r.type) >= 0; });
  }

  function photoFiles(input) {
    // photo-resize.js keeps the resized files on the input (a browser that cannot put
    // them back into input.files still has them there); else the files are as taken.
    var resized = input.roundsResized;
    return Array.from(resized && resized.length ? resized : input.files || []);
  }

  function collectPhotos(form, records) {
    var photos = [];
    form.querySelectorAll('input[type=file][name=photos]').forEach(function (input) {
      var owner = photoOwner(input, form, records);
      photoFiles(input).forEach(function (file) {
        if (owner < 0) return;
        photos.push({ recordIndex: owner, blob: file, name: file.name || '',
          kind: input.getAttribute('data-kind') || input.getAttribute('data-photo-kind') || 'shelf' });
      });
    });
    return photos;
  }

  // photo-resize.js marks inputs still shrinking a photo: queue the small copy, not the
  // original (waits at most 15 s, then takes what is there).
  function resized(form) {
    var started = Date.now();
    return new Promise(function (resolve) {
      (function check() {
        if (!form.querySelector('[data-resizing]') || Date.now() - started > 15000) resolve();
        else setTimeout(check, 100);
      })();
    });
  }

  function formMessage(form, text) {
    var box = form.querySelector('[data-capture-error]');
    if (!box) {
      box = el('p', { class: 'error', role: 'alert', 'data-capture-error': '' });
      form.insertBefore(box, form.firstChild);
    }
    box.textContent = text;
    box.scrollIntoView({ block: 'center' });
  }

  function setBusy(form, busy) {
    form.querySelectorAll('button, input[type=submit]').forEach(function (b) { b.disabled = busy; });
  }

  function askToDrain() {
    var sw = root.navigator.serviceWorker;
    if (sw && sw.controller) sw.controller.postMessage({ type: 'flush' });
    else if (root.RoundsSync.kick) root.RoundsSync.kick('capture', true);
    root.RoundsSync.requestBackgroundSync();
  }

  /* Where to go once the capture is queued: data-after; offline, when that page is not
   * on the phone, data-after-offline or else the record's store page (always kept). */
  function afterUrl(form, records) {
    var after = form.getAttribute('data-after');
    if (!after || root.navigator.onLine !== false || !root.caches) return Promise.resolve(after);
    return root.caches.match(after, { ignoreVary: true }).then(function (hit) {
      if (hit) return after;
      var fallback = form.getAttribute('data-after-offline');
      var storeId = records[0] && records[0].data && records[0].data.store_id;
      var prefix = (config() || { urls: {} }).urls.store_page;
      if (!fallback && storeId != null && prefix) fallback = prefix + storeId;
      return fallback || after;
    }).catch(function () { return after; });
  }

  function onSubmit(event) {
    var form = event.target;
    if (!form || !form.matches || !form.matches('form[data-capture]')) return;
    event.preventDefault();
    event.stopImmediatePropagation(); // before htmx's boosted submit
    if (form.getAttribute('data-queued') === '1') return; // a second tap
    // capture-form.js checks the fields and cancels the event when one is wrong (each
    // problem is shown next to its field); a page without it has nothing to check.
    if (!form.dispatchEvent(new CustomEvent('rounds:check', { bubbles: true, cancelable: true }))) return;
    var cfg = config() || {};
    var records;
    try {
      records = root.RoundsCapture.recordsFromEntries(formEntries(form, event.submitter));
    } catch (error) {
      formMessage(form, t('form_error', { error: t('not_a_number') }));
      return;
    }
    if (!records.length) { formMessage(form, t('nothing_to_save')); return; }
    form.setAttribute('data-queued', '1');
    setBusy(form, true);
    resized(form).then(function () {
      var photos = collectPhotos(form, records);
      return root.RoundsOutbox.enqueue(records, { userId: cfg.user_id, photos: photos });
    }).then(function () {
      form.dispatchEvent(new CustomEvent('rounds:queued', { bubbles: true })); // drafts go
      try { root.sessionStorage.setItem(TOAST_KEY, t('saved_waiting')); } catch (e) { /* private mode */ }
      askToDrain();
      return afterUrl(form, records);
    }).then(function (after) {
      // Emptied before leaving: the browser keeps a form's values for the back button,
      // and the same capture put back under a new record id would be saved twice.
      if (after) { form.reset(); root.location.assign(after); }
      else { form.removeAttribute('data-queued'); setBusy(form, false); form.reset(); render(); showToast(); }
    }).catch(function (error) {
      form.removeAttribute('data-queued');
      setBusy(form, false);
      formMessage(form, t('save_failed', { error: error && error.message }));
    });
  }

  // Signing out needs the server: without a connection say so instead of doing nothing.
  function signOutOffline(event) {
    var form = event.target;
    if (!form.matches || !form.matches('form[data-logout]') || root.navigator.onLine !== false) return;
    event.preventDefault();
    event.stopPropagation();
    var note = doc.querySelector('[data-logout-offline]') ||
      el('p', { class: 'flash flash-error', role: 'alert', 'data-logout-offline': '' });
    note.textContent = form.getAttribute('data-offline-message');
    form.parentNode.insertBefore(note, form);
  }

  /* ---- status chip, warnings, attention list ---- */

  function showToast() {
    var box = doc.querySelector('[data-sync-toast]');
    var text = null;
    try { text = root.sessionStorage.getItem(TOAST_KEY); root.sessionStorage.removeItem(TOAST_KEY); } catch (e) { /* */ }
    if (!box || !text) return;
    box.textContent = text;
    box.hidden = false;
    setTimeout(function () { box.hidden = true; }, 6000);
  }

  async function storeName(id) {
    var store = id == null ? null : await root.RoundsOutbox.getStore(id);
    return store ? store.name : id == null ? '' : '#' + id;
  }

  async function attentionItem(item) {
    var lines = [];
    if (item.status === 'conflict') {
      Object.keys(item.fields || {}).forEach(function (name) {
        var f = item.fields[name], field = t('field_' + name);
        var key = { lost: 'conflict_lost', won: 'conflict_won', pending_hq: 'conflict_pending' }[f.outcome];
        if (key) lines.push(t(key, { field: field, value: f.value == null ? '' : f.value }));
      });
    } else if (item.type === 'photo') {
      lines.push(t('photo_refused', { error: item.error || '' }));
    } else {
      lines.push(t('rejected')); // the server's reason is English: HQ reads it
    }
    var title = t('type_' + item.type) + ' · ' + (await storeName(item.store_id)) + ' · ' + when(item.created_at || item.at);
    return el('li', { 'data-attention-id': item.id, 'data-status': item.status }, [
      el('strong', { text: title }),
    ].concat(lines.map(function (line) { return el('span', { text: line }); })).concat([
      el('button', { type: 'button', 'data-dismiss': item.id, text: t('dismiss') }),
    ]));
  }

  async function renderStatus(cfg) {
    var box = doc.getElementById('sync-status');
    if (!box) return;
    var userId = cfg.user_id;
    var outbox = root.RoundsOutbox;
    var sum = await outbox.summary(userId);
    var state = await outbox.getMeta('sync:' + userId, null) || {};
    var device = await outbox.getDevice(userId);
    var online = root.navigator.onLine !== false;
    var parts = [];
    if (!online) parts.push(t('status_offline'));
    parts.push(sum.records ? t('status_waiting', { n: sum.records }) : sum.photos ? '' : t('status_all_done'));
    if (sum.photos) parts.push(t('status_photos', { n: sum.photos, pct: percent(sum.photoBytesSent, sum.photoBytes) }));
    parts.push(state.last_ok_at ? t('status_last_sync', { time: when(state.last_ok_at) }) : t('status_never'));
    // After a failed try: when the next one is, and that a tap on the chip sends now.
    var next = online && (sum.records || sum.photos) && state.next_at > Date.now() ? state.next_at : 0;
    if (next) parts.push(t('status_next_try', { time: clockTime(next) }));
    box.setAttribute('data-next-try', next ? String(next) : '');
    box.querySelector('[data-sync-text]').textContent = parts.filter(Boolean).join(' · ');
    var signin = !!(device && device.needs_signin) || (!device && sum.records > 0 && online && userId != null);
    box.setAttribute('data-state', signin ? 'signin' : !online ? 'offline'
      : state.failures ? 'error' : (sum.records || sum.photos) ? 'waiting' : 'ok');
    box.setAttribute('data-pending', String(sum.records));
    box.setAttribute('data-photos', String(sum.photos));
    box.setAttribute('data-photo-progress', percent(sum.photoBytesSent, sum.photoBytes));
    box.querySelector('[data-sync-signin]').hidden = !signin;
    var stale = box.querySelector('[data-sync-stale]');
    stale.hidden = !(sum.oldest && Date.now() - sum.oldest > (cfg.stale_after_ms || 86400000));
    stale.textContent = t('stale_warning');
    var toast = doc.querySelector('[data-sync-toast]'); // "waiting" no longer, once all is up
    if (toast && !toast.hidden && !sum.records && toast.textContent === t('saved_waiting')) toast.textContent = t('saved_uploaded');
    var items = await outbox.attention(userId);
    var details = box.querySelector('[data-sync-attention]');
    details.hidden = !items.length;
    box.querySelector('[data-sync-attention-title]').textContent = t('attention_title', { n: items.length });
    var list = box.querySelector('[data-sync-attention-list]');
    var nodes = await Promise.all(items.map(attentionItem));
    list.replaceChildren.apply(list, nodes);
  }

  /* ---- "as of": a page the service worker served from its cache ---- */

  function renderAsOf() {
    var line = doc.querySelector('[data-as-of]');
    if (!line) return;
    var made = Date.parse(line.getAttribute('data-as-of'));
    var cached = line.hasAttribute('data-from-cache') && !isNaN(made);
    if (cached) line.textContent = (line.getAttribute('data-template') || '{time}').replace('{time}', when(made));
    line.hidden = !cached;
  }

  /* ---- the store page's records still on the phone ---- */

  async function detail(entry) {
    var d = entry.data || {};
    if (entry.type === 'price_check') {
      var product = d.product_id == null ? null : await root.RoundsOutbox.getProduct(d.product_id);
      return (product ? product.name : '#' + d.product_id) + (d.shelf_price != null ? ' · ¥' + d.shelf_price : '');
    }
    if (entry.type === 'store_update') {
      return Object.keys(d.changes || {}).map(function (f) { return t('field_' + f); }).join(', ');
    }
    if (entry.type === 'restock_request') return t('lines', { n: (d.lines || []).length });
    if (entry.type === 'restock_followup') return t('sold_units', { n: d.sold_units });
    if (entry.type === 'recommendation') { // the product's name, and the note or "withdrawn"
      var item = d.product_id == null ? null : await root.RoundsOutbox.getProduct(d.product_id);
      var said = d.withdraw ? t('recommendation_withdrawn') : (d.note || '');
      return [item ? item.name : '#' + d.product_id, said.length > 40 ? said.slice(0, 40) + '…' : said]
        .filter(Boolean).join(' · ');
    }
    var text = d.description || d.notes || d.note || '';
    return text.length > 40 ? text.slice(0, 40) + '…' : text;
  }

  async function renderPending() {
    var section = doc.getElementById('pending-records');
    if (!section) return;
    var storeId = Number(section.getAttribute('data-store-id'));
    var entries = await root.RoundsOutbox.forStore(storeId);
    var photos = await root.RoundsOutbox.photos(function (p) {
      return p.store_id === storeId && p.state !== 'held' && p.state !== 'refused';
    });
    var owners = {};
    entries.forEach(function (e) { owners[e.id] = e; });
    photos.forEach(function (p) { // records already up, photos still going
      if (!owners[p.record_id]) owners[p.record_id] = { id: p.record_id, type: p.owner_type, data: {}, created_at: p.created_at, uploaded: true };
    });
    var rows = await Promise.all(Object.keys(owners).map(async function (id) {
      var entry = owners[id];
      var mine = photos.filter(function (p) { return p.record_id === id; });
      var sent = 0, size = 0;
      mine.forEach(function (p) { sent += p.sent || 0; size += p.size || 0; });
      var info = [el('span', { class: 'title', text: t('type_' + entry.type) }),
        el('small', { class: 'muted', text: [await detail(entry), when(entry.created_at)].filter(Boolean).join(' · ') })];
      if (mine.length) {
        info.push(el('small', { 'data-photo-progress': id, text: t(mine.length === 1 ? 'photo_progress_one' : 'photos_progress', { n: mine.length, pct: percent(sent, size) }) }));
        info.push(el('progress', { max: String(size || 1), value: String(sent) }));
      }
      return el('li', { 'data-record-id': id, 'data-record-type': entry.type, 'data-created': String(entry.created_at) }, [
        el('span', { class: 'grow' }, info),
        entry.uploaded ? null : el('span', { class: 'badge warn', text: t('waiting_badge') }),
      ]);
    }));
    rows.sort(function (a, b) { return Number(a.getAttribute('data-created')) - Number(b.getAttribute('data-created')); });
    section.replaceChildren(el('h2', { text: t('pending_title') }), el('ul', { class: 'list pending-list' }, rows));
    section.hidden = rows.length === 0;
  }

  /* ---- actions still on the phone: a to-do marked done, a sales follow-up recorded ----
   * An element [data-queued-type][data-queued-key][data-queued-value] is marked
   * data-queued while the outbox holds a record of that type whose data[key] is that
   * value (the page's CSS shows its "waiting" note and hides its form); the mark goes
   * once the record is up and the page is redrawn from the server. */
  async function renderQueued(cfg) {
    var marks = doc.querySelectorAll('[data-queued-type][data-queued-key]');
    if (!marks.length) return;
    var entries = await root.RoundsOutbox.pending(cfg.user_id == null ? undefined : cfg.user_id);
    marks.forEach(function (mark) {
      var type = mark.getAttribute('data-queued-type'), key = mark.getAttribute('data-queued-key');
      var value = mark.getAttribute('data-queued-value');
      var waiting = entries.some(function (e) {
        return e.type === type && e.data && e.data[key] != null && String(e.data[key]) === value;
      });
      if (waiting) mark.setAttribute('data-queued', ''); else mark.removeAttribute('data-queued');
    });
  }

  // The offline page names nobody: show the phone's last signed-in user's records.
  function resolveUser(cfg) {
    if (!cfg.shared || cfg.user_id != null) return Promise.resolve(cfg);
    return root.RoundsOutbox.getMeta('current_user', null).then(function (userId) {
      return Object.assign({}, cfg, { user_id: userId });
    });
  }

  var pendingRender = null;
  function render() {
    if (pendingRender) return pendingRender;
    pendingRender = new Promise(function (resolve) { setTimeout(resolve, 30); }).then(function () {
      pendingRender = null;
      var cfg = config();
      if (!cfg) return null;
      return resolveUser(cfg).then(function (cfg) {
        return Promise.all([renderStatus(cfg), renderPending(), renderQueued(cfg)]);
      });
    }).catch(function (error) { pendingRender = null; if (root.console) root.console.warn('Rounds UI:', error); });
    return pendingRender;
  }

  /* Records just uploaded leave the "waiting" list: show them where they now belong. After
   * a flush that sent something, the page's server-rendered parts marked data-live (the
   * store's details, tickets, visits, prices) are fetched again and swapped in place. */
  var refreshing = null;
  /* A part holding a field the rep has typed in or ticked stays as it is (never lose input). */
  function typedIn(part) {
    return Array.prototype.some.call(part.querySelectorAll('textarea, input:not([type=hidden])'), function (f) {
      return (f.type === 'checkbox' || f.type === 'radio') ? f.checked !== f.defaultChecked : f.value !== f.defaultValue;
    });
  }
  function refreshLive(message) {
    if (!message || message.type !== 'flushed' || !(message.sent > 0)) return;
    var parts = doc.querySelectorAll('[data-live][id]');
    if (!parts.length || refreshing || root.navigator.onLine === false) return;
    refreshing = root.fetch(root.location.href, { credentials: 'same-origin', cache: 'no-store',
      headers: { Accept: 'text/html' } }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      if (!html) return;
      var fresh = new DOMParser().parseFromString(html, 'text/html');
      parts.forEach(function (part) {
        var update = fresh.getElementById(part.id);
        if (update && update.hasAttribute('data-live') && !typedIn(part)) part.replaceWith(doc.importNode(update, true));
      });
    }).catch(function () {}).then(function () { refreshing = null; });
  }

  /* ---- start ---- */

  function registerWorker(cfg) {
    var sw = root.navigator.serviceWorker;
    if (!sw) return;
    sw.register(cfg.urls.sw, { scope: '/' }).then(function () { return sw.ready; }).then(function (reg) {
      // The page the rep is on (a store just opened) is kept first, then the rest.
      var here = root.location.pathname + root.location.search;
      if (root.navigator.onLine !== false && reg.active) reg.active.postMessage({ type: 'warm', urls: [here].concat(cfg.warm || []) });
      if (reg.periodicSync && root.navigator.permissions) {
        root.navigator.permissions.query({ name: 'periodic-background-sync' }).then(function (p) {
          if (p.state === 'granted') return reg.periodicSync.register('rounds-periodic', { minInterval: 6 * 3600 * 1000 });
        }).catch(function () {});
      }
    }).catch(function (error) { if (root.console) root.console.warn('Rounds service worker:', error); });
  }

  function askPersistence() {
    var storage = root.navigator.storage;
    if (!storage || !storage.persist) return;
    storage.persisted().then(function (yes) { return yes || storage.persist(); }).then(function (granted) {
      return root.RoundsOutbox.setMeta('persisted', !!granted);
    }).catch(function () {});
  }

  function deviceName(cfg) {
    var ua = root.navigator.userAgent || '';
    var os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows' : /Mac/.test(ua) ? 'Mac' : 'Linux';
    var browser = /EdgA?\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom/.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : 'browser';
    return (cfg.username || 'phone') + ' · ' + os + ' ' + browser;
  }

  /* Another account used this phone before: its cached pages are not this user's to
   * see offline. Its queued records stay (they upload under their own user's device). */
  function forgetOtherUsersPages(userId) {
    return root.RoundsOutbox.getMeta('current_user', null).then(function (previous) {
      if (previous == null || previous === userId || !root.caches) return null;
      return Promise.all([root.caches.delete('rounds-pages'), root.caches.delete('rounds-fragments'),
        root.RoundsOutbox.setMeta('warm_at', 0)]);
    }).catch(function () {});
  }

  /* The rep switched language: the pages the worker keeps (shown at once, stale-while-
   * revalidate) are in the other one. A page the server just made (not a cached copy)
   * says which language is current; the kept pages are dropped and fetched again. */
  function forgetPagesInOtherLanguage() {
    var line = doc.querySelector('[data-as-of][data-lang]'); // (htmx swaps it with the body)
    var lang = line && line.getAttribute('data-lang');
    if (!lang || line.hasAttribute('data-from-cache')) return Promise.resolve();
    return root.RoundsOutbox.getMeta('pages_lang', null).then(function (previous) {
      if (previous === lang) return null;
      var work = [root.RoundsOutbox.setMeta('pages_lang', lang)];
      if (previous != null && root.caches) {
        work.push(root.caches.delete('rounds-pages'), root.caches.delete('rounds-fragments'),
          root.RoundsOutbox.setMeta('warm_at', 0));
      }
      return Promise.all(work);
    }).catch(function () {});
  }

  /* The language switch and signing out: drop the kept pages before the form goes, so
   * the page it leads to (and every page after it) comes from the server, in the new
   * language or for the next user, never a kept copy of the last one's. Queued records
   * stay (they upload under their own user's device). */
  var DROPS_PAGES = 'form.lang-switch, form[action$="/logout"]';
  function onLanguageSwitch(event) {
    var form = event.target;
    if (!form || !form.matches || !form.matches(DROPS_PAGES) || !root.caches) return;
    if (form.roundsCleared) return;
    event.preventDefault();
    var submitter = event.submitter;
    // htmx keeps copies of the pages left behind for Back: not after signing out.
    if (form.matches('[data-logout]')) try { root.localStorage.removeItem('htmx-history-cache'); } catch (e) { /* none */ }
    Promise.all([root.caches.delete('rounds-pages'), root.caches.delete('rounds-fragments'),
      root.RoundsOutbox.setMeta('warm_at', 0)]).catch(function () {}).then(function () {
      form.roundsCleared = true;
      if (form.requestSubmit) form.requestSubmit(submitter || undefined); else form.submit();
    });
  }

  function start() {
    var cfg = config();
    if (!cfg) return;
    var csrf = doc.querySelector('meta[name=csrf-token]');
    root.addEventListener('submit', onSubmit, true);
    root.addEventListener('submit', signOutOffline, true);
    root.addEventListener('submit', onLanguageSwitch, true);
    doc.addEventListener('click', function (event) {
      var target = event.target.closest && event.target.closest('[data-sync-now], [data-dismiss]');
      if (!target) return;
      if (target.hasAttribute('data-sync-now')) root.RoundsSync.kick('manual', true);
      else root.RoundsOutbox.dismiss(target.getAttribute('data-dismiss')).then(render);
    });
    if (typeof BroadcastChannel === 'function') {
      new BroadcastChannel('rounds-sync').onmessage = function (event) { render(); refreshLive(event.data); };
    }
    ['online', 'offline'].forEach(function (name) { root.addEventListener(name, render); });
    doc.addEventListener('htmx:afterSettle', function () {
      render(); showToast(); renderAsOf(); forgetPagesInOtherLanguage();
    });
    setInterval(render, 30000);
    if (cfg.shared) root.addEventListener('online', askToDrain);
    if (cfg.user_id != null) {
      forgetOtherUsersPages(cfg.user_id).then(function () {
        return root.RoundsSync.startPage(cfg, csrf && csrf.content, deviceName(cfg));
      }).then(render);
    }
    forgetPagesInOtherLanguage().then(function () { registerWorker(cfg); });
    askPersistence();
    renderAsOf();
    render();
    showToast();
  }

  // render: redraw the chip and the waiting list; t: the page's strings (outbox-page.js)
  root.RoundsOfflineUI = { render: render, t: t };
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', start);
  else start();
})(typeof globalThis !== 'undefined' ? globalThis : self);
