/* The owner's pages and the cart (owner-cart.js, RoundsOwnerCart, loaded first):
 * "Add" on the catalogue, the cart's lines with each line checked by the server's
 * rules as it is typed (GET /store/cart/check; offline, the rules' numbers the page
 * was given), and sending the cart as an `order` record through the phone's outbox
 * (every owner page loads this and sends what waits: templates/layouts/mobile.html).
 * Listens once on the document, so boosted (htmx) navigations keep working. */
(function (root) {
  'use strict';
  if (root.RoundsOwnerCartPage || !root.RoundsOwnerCart) return;
  var Cart = root.RoundsOwnerCart, doc = root.document, storage = root.localStorage;
  var flushing = null;
  root.RoundsOwnerCartPage = true;

  function json(id) {
    var el = doc.getElementById(id);
    try { return el ? JSON.parse(el.textContent) : null; } catch (e) { return null; }
  }
  function config() { return json('owner-cart-config'); }
  function strings() { return json('owner-cart-i18n') || {}; }
  function csrf() {
    var meta = doc.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : '';
  }

  function post(url, body) {
    return root.fetch(url, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrf(), 'Accept': 'application/json' },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, body: data };
      });
    });
  }

  // The cart's own status line; on any other owner page, the layout's line under the
  // switcher (the outbox is sent from every owner page, templates/layouts/mobile.html).
  // `link` ({href, text}): where to go from a page that is not the cart (a refused order).
  function setStatus(text, kind, link) {
    var el = doc.querySelector('[data-cart-status]') || doc.querySelector('[data-owner-outbox-status]');
    if (!el) return;
    el.textContent = text || '';
    el.className = 'cart-status' + (kind ? ' flash flash-' + kind : '');
    el.hidden = !text;
    if (link && !el.hasAttribute('data-cart-status')) {
      var a = doc.createElement('a');
      a.href = link.href;
      a.textContent = link.text;
      el.appendChild(doc.createTextNode(' '));
      el.appendChild(a);
    }
  }

  function updateCount(cfg) {
    var badge = doc.querySelector('[data-cart-count]');
    if (!badge || !cfg || cfg.store_id == null) return;
    var n = Cart.loadCart(storage, cfg.user_id, cfg.store_id).length;
    badge.textContent = n ? String(n) : '';
    badge.hidden = !n;
  }

  function markAdded(cfg) {
    var s = strings();
    var lines = Cart.loadCart(storage, cfg.user_id, cfg.store_id);
    doc.querySelectorAll('[data-product]').forEach(function (row) {
      var line = lines.filter(function (l) { return String(l.product_id) === row.dataset.product; })[0];
      var note = row.querySelector('[data-in-cart]');
      if (!line) { if (note) note.remove(); return; }
      if (!note) {
        note = doc.createElement('small');
        note.setAttribute('data-in-cart', '');
        note.className = 'badge info';
        row.querySelector('.grow').appendChild(note);
      }
      note.textContent = Cart.say(s.added, { n: line.quantity });
    });
  }

  function productOf(row) {
    var d = row.dataset;
    return {
      product_id: Number(d.product), name: d.name, code: d.code, price: d.price,
      minimum: Number(d.minimum) || 1, multiple: Number(d.multiple) || 1,
      remaining: d.remaining == null ? null : Number(d.remaining),
    };
  }

  function showProblems(li, texts) {
    var el = li.querySelector('[data-line-problem]');
    el.textContent = texts.join(' ');
    el.hidden = !texts.length;
    li.classList.toggle('has-error', !!texts.length);
  }

  function checkLine(cfg, li, line) {
    var local = Cart.lineProblems(line, strings());
    showProblems(li, local);
    if (!root.navigator.onLine) return;
    var url = cfg.check + '?product_id=' + encodeURIComponent(line.product_id) +
      '&quantity=' + encodeURIComponent(String(line.quantity));
    root.fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (answer) {
        var input = li.querySelector('input');
        if (answer && input && input.value === String(line.quantity)) showProblems(li, answer.problems);
      })
      .catch(function () { /* offline: the local check stands */ });
  }

  function renderCart(cfg) {
    var list = doc.getElementById('cart-lines');
    if (!list) return;
    var s = strings();
    var lines = Cart.loadCart(storage, cfg.user_id, cfg.store_id);
    var refused = [];
    try { refused = JSON.parse(storage.getItem(Cart.refusedKey(cfg.user_id, cfg.store_id))) || []; } catch (e) { refused = []; }
    list.textContent = '';
    lines.forEach(function (line, index) {
      var li = doc.createElement('li');
      li.className = 'cart-line';
      li.dataset.line = String(index);
      li.dataset.product = String(line.product_id);
      li.innerHTML = '<div class="row"><span class="grow"><span class="title"></span>' +
        '<small class="muted"></small></span>' +
        '<input type="text" inputmode="numeric" class="qty" autocomplete="off">' +
        '<button type="button" class="link" data-remove-line></button></div>' +
        '<small class="error" role="alert" data-line-problem hidden></small>';
      li.querySelector('.title').textContent = line.name;
      li.querySelector('.muted').textContent = line.code + ' · ¥' + line.price;
      var input = li.querySelector('input');
      input.value = String(line.quantity);
      input.setAttribute('aria-label', line.name + ' (' + s.cartons + ')');
      li.querySelector('[data-remove-line]').textContent = s.remove;
      list.appendChild(li);
      var said = refused.filter(function (p) { return p.line === index; })
        .map(function (p) { return p.text; });
      if (said.length) showProblems(li, said); else checkLine(cfg, li, line);
    });
    var general = refused.filter(function (p) { return p.line == null; }).map(function (p) { return p.text; });
    if (general.length) setStatus(general.join(' '), 'error');
    var empty = doc.querySelector('[data-cart-empty]');
    if (empty) empty.hidden = !!lines.length;
    showTotal(lines);
    updateCount(cfg);
  }

  // The cart's total at the page's prices, redrawn with each quantity typed.
  function showTotal(lines) {
    var total = doc.querySelector('[data-cart-total]');
    if (!total) return;
    var fen = Cart.totalFen(lines);
    total.textContent = Cart.say(strings().total, { amount: (fen / 100).toFixed(2) });
    total.hidden = !lines.length;
  }

  function sendOutbox(cfg) {
    if (!cfg || flushing) return flushing;
    var run = function () { return Cart.flush(storage, cfg.user_id, cfg.submit, post); };
    var locked = root.navigator.locks ? root.navigator.locks.request('owner-order-flush', run) : run();
    flushing = locked.then(function (answers) {
      flushing = null;
      var s = strings();
      answers.forEach(function (a) {
        if (a.status === 'applied' || a.status === 'duplicate') setStatus(Cart.say(s.sent, { number: a.number || '' }), 'ok');
        else if (a.status === 'rejected') setStatus(s.refused, 'error', { href: cfg.cart, text: s.open_cart });
        else if (a.status === 'waiting') setStatus(s.waiting, 'info');
      });
      renderCart(config() || cfg);
      return answers;
    }, function () { flushing = null; });
    return flushing;
  }

  function onSubmit(event) {
    var form = event.target.closest && event.target.closest('[data-owner-cart]');
    if (!form) return;
    event.preventDefault();
    var cfg = config(), s = strings();
    var lines = Cart.loadCart(storage, cfg.user_id, cfg.store_id);
    if (!lines.length) { setStatus(s.cart_empty, 'error'); return; }
    var bad = lines.some(function (l) { return Cart.lineProblems(l, s).length; }) ||
      doc.querySelector('#cart-lines .has-error');
    if (bad) { setStatus(s.fix_lines, 'error'); renderCart(cfg); return; }
    Cart.queueOrder(storage, cfg.user_id, cfg.store_id, lines, {
      delivery_method: form.elements.delivery_method.value,
      wanted_date: form.elements.wanted_date.value,
      note: form.elements.note.value,
    });
    form.elements.note.value = '';
    renderCart(cfg);
    setStatus(root.navigator.onLine ? s.sending : s.waiting, 'info');
    sendOutbox(cfg);
  }

  function onClick(event) {
    var cfg = config();
    if (!cfg) return;
    var add = event.target.closest('[data-add-to-cart]');
    if (add) {
      var row = add.closest('[data-product]');
      var lines = Cart.addProduct(Cart.loadCart(storage, cfg.user_id, cfg.store_id), productOf(row));
      Cart.saveCart(storage, cfg.user_id, cfg.store_id, lines);
      markAdded(cfg);
      updateCount(cfg);
      return;
    }
    var remove = event.target.closest('[data-remove-line]');
    if (remove) {
      var index = Number(remove.closest('[data-line]').dataset.line);
      var kept = Cart.loadCart(storage, cfg.user_id, cfg.store_id).filter(function (l, i) { return i !== index; });
      Cart.saveCart(storage, cfg.user_id, cfg.store_id, kept);
      storage.removeItem(Cart.refusedKey(cfg.user_id, cfg.store_id));
      renderCart(cfg);
    }
  }

  function onInput(event) {
    var li = event.target.closest && event.target.closest('.cart-line');
    if (!li || !event.target.matches('input.qty')) return;
    var cfg = config(), index = Number(li.dataset.line);
    var lines = Cart.loadCart(storage, cfg.user_id, cfg.store_id);
    if (!lines[index]) return;
    lines[index] = Object.assign({}, lines[index], { quantity: event.target.value.trim() });
    Cart.saveCart(storage, cfg.user_id, cfg.store_id, lines);
    storage.removeItem(Cart.refusedKey(cfg.user_id, cfg.store_id));
    showTotal(lines);
    // "fix the lines marked": the owner is fixing them; the next send checks again
    var said = doc.querySelector('[data-cart-status]'), s = strings();
    if (said && (said.textContent === s.fix_lines || said.textContent === s.refused)) setStatus('');
    checkLine(cfg, li, lines[index]);
  }

  function onPage() {
    var cfg = config();
    if (!cfg || cfg.store_id == null) return;
    renderCart(cfg);
    markAdded(cfg);
    updateCount(cfg);
    if (root.navigator.onLine) sendOutbox(cfg);
  }

  doc.addEventListener('click', onClick);
  doc.addEventListener('input', onInput);
  doc.addEventListener('submit', onSubmit);
  doc.addEventListener('htmx:afterSettle', onPage);
  root.addEventListener('online', function () { sendOutbox(config()); });
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', onPage); else onPage();
})(typeof self !== 'undefined' ? self : globalThis);
