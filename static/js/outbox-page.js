/* "On this phone": every record still waiting in the outbox, oldest first, with its store
 * and when it was captured; redrawn when a sync sends something.
 * Needs outbox.js (RoundsOutbox) and offline-ui.js (RoundsOfflineUI.t, the page's
 * strings), which the layout loads before it (templates/pwa/partial/client.html). */
(function (root) {
  'use strict';
  var doc = root.document;

  function config() {
    try { return JSON.parse(doc.getElementById('rounds-sync-config').textContent); } catch (e) { return {}; }
  }
  function item(text, muted, id, type) {
    var li = doc.createElement('li');
    li.setAttribute('data-record-id', id);
    li.setAttribute('data-record-type', type);
    var row = doc.createElement('span');
    row.className = 'row';
    var grow = doc.createElement('span');
    grow.className = 'grow';
    var title = doc.createElement('span');
    title.className = 'title';
    title.textContent = text;
    var small = doc.createElement('small');
    small.className = 'muted';
    small.textContent = muted;
    grow.append(title, small);
    row.appendChild(grow);
    li.appendChild(row);
    return li;
  }

  async function draw() {
    var list = doc.querySelector('[data-outbox-list]');
    if (!list || !root.RoundsOutbox || !root.RoundsOfflineUI) return;
    var t = root.RoundsOfflineUI.t, cfg = config();
    var entries = await root.RoundsOutbox.pending(cfg.user_id == null ? undefined : cfg.user_id);
    var lang = doc.documentElement.lang || undefined;
    var rows = await Promise.all(entries.map(async function (entry) {
      var storeId = entry.data && entry.data.store_id;
      var store = storeId == null ? null : await root.RoundsOutbox.getStore(storeId);
      var name = store ? store.name : storeId == null ? '' : '#' + storeId;
      var when = new Intl.DateTimeFormat(lang, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' })
        .format(new Date(entry.created_at));
      return item(t('type_' + entry.type) + (name ? ' · ' + name : ''), when, entry.id, entry.type);
    }));
    list.replaceChildren.apply(list, rows);
    doc.querySelector('[data-outbox-empty]').hidden = rows.length > 0;
  }

  if (!root.RoundsOutboxPage) {
    if (typeof BroadcastChannel === 'function') new BroadcastChannel('rounds-sync').addEventListener('message', draw);
    ['online', 'offline'].forEach(function (name) { root.addEventListener(name, draw); });
    root.RoundsOutboxPage = { draw: draw };
  }
  draw();
})(window);
