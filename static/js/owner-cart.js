/* The store owner's cart and order outbox (pages under /store).
 *
 * The cart lives in localStorage per user and store, so it survives a reload and a
 * phone without signal. Sending the cart makes ONE `order` sync record with a fresh
 * client UUID (docs/sync-protocol.md) and puts it in this phone's order outbox first;
 * the outbox is then sent to /store/cart/submit, now or when the phone is back online
 * (the `online` event, the next page load). The server places the order once per
 * record id (a resend answers `duplicate`), so a record stays in the outbox until the
 * server has answered for it. A refused order comes back to the cart with each
 * problem on its line.
 *
 * Needs nothing (owners have no rep outbox, so it is not in webapp/pwa.py
 * CLIENT_SCRIPTS): the owner's pages load it, then owner-cart-page.js, which wires it
 * to the page (templates/store/partial/cart_strings.html). In node,
 * `require('static/js/owner-cart.js')` gives the same functions (tests/unit/js). */
(function (root, factory) {
  'use strict';
  if (typeof module === 'object' && module.exports) {
    module.exports = factory(root);
  } else if (!root.RoundsOwnerCart) {
    root.RoundsOwnerCart = factory(root);
  }
})(typeof self !== 'undefined' ? self : globalThis, function (root) {
  'use strict';

  var WHOLE = /^\d{1,9}$/;

  function cartKey(userId, storeId) { return 'rounds-owner-cart:' + userId + ':' + storeId; }
  function outboxKey(userId) { return 'rounds-owner-outbox:' + userId; }
  function refusedKey(userId, storeId) { return 'rounds-owner-refused:' + userId + ':' + storeId; }

  function read(storage, key, fallback) {
    try {
      var value = JSON.parse(storage.getItem(key));
      return value == null ? fallback : value;
    } catch (e) { return fallback; }
  }
  function write(storage, key, value) { storage.setItem(key, JSON.stringify(value)); }

  /** The cart's lines: [{product_id, name, code, price, minimum, multiple, remaining, quantity}]. */
  function loadCart(storage, userId, storeId) {
    var lines = read(storage, cartKey(userId, storeId), []);
    return Array.isArray(lines) ? lines : [];
  }
  function saveCart(storage, userId, storeId, lines) {
    write(storage, cartKey(userId, storeId), lines);
  }

  /** The first quantity a product is added with: its minimum, rounded up to its multiple. */
  function firstQuantity(product) {
    var minimum = Math.max(1, product.minimum || 1), multiple = Math.max(1, product.multiple || 1);
    return Math.ceil(minimum / multiple) * multiple;
  }

  /** Add a product (or one more step of it) to the cart; returns the new lines. */
  function addProduct(lines, product) {
    var found = lines.filter(function (l) { return l.product_id === product.product_id; })[0];
    if (!found) return lines.concat([Object.assign({}, product, { quantity: String(firstQuantity(product)) })]);
    return lines.map(function (l) {
      if (l !== found) return l;
      var now = WHOLE.test(String(l.quantity)) ? Number(l.quantity) : 0;
      return Object.assign({}, l, { quantity: String(now + Math.max(1, l.multiple || 1)) });
    });
  }

  function say(template, values) {
    return String(template || '').replace(/\{(\w+)\}/g, function (m, key) {
      return values && values[key] != null ? values[key] : m;
    });
  }

  /** What is wrong with one line by the rules' numbers the page was given (offline
   * fallback of the server's line check; the server checks again on submit). */
  function lineProblems(line, strings) {
    var text = String(line.quantity == null ? '' : line.quantity).trim();
    if (!WHOLE.test(text) || Number(text) <= 0) return [strings.bad_quantity];
    var n = Number(text), problems = [];
    if (line.minimum && n < line.minimum) problems.push(say(strings.below_minimum, { n: line.minimum }));
    if (line.multiple > 1 && n % line.multiple) problems.push(say(strings.not_multiple, { n: line.multiple }));
    if (!problems.length && line.remaining != null && n > line.remaining) {
      problems.push(say(strings.over_limit, { n: line.remaining }));
    }
    return problems;
  }

  /** The cart's total in fen at the prices the page showed (the server prices the order). */
  function totalFen(lines) {
    return lines.reduce(function (sum, l) {
      var q = String(l.quantity).trim(), price = /^\d+\.\d{2}$/.test(String(l.price)) ? l.price : null;
      if (!WHOLE.test(q) || !price) return sum;
      return sum + Number(q) * Number(price.replace('.', ''));
    }, 0);
  }

  function uuid() {
    var c = root.crypto;
    if (c && c.randomUUID) return c.randomUUID();
    var b = c.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return ('0' + x.toString(16)).slice(-2); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  /** The cart as one `order` record (docs/sync-protocol.md); the server prices it. */
  function buildRecord(lines, storeId, details, id) {
    var data = {
      store_id: Number(storeId),
      lines: lines.map(function (l) {
        var q = String(l.quantity).trim();
        return { product_id: Number(l.product_id), quantity: WHOLE.test(q) ? Number(q) : q };
      }),
    };
    if (details.delivery_method) data.delivery_method = details.delivery_method;
    if (details.wanted_date) data.wanted_date = details.wanted_date;
    if (details.note && details.note.trim()) data.note = details.note.trim();
    return { id: id || uuid(), type: 'order', data: data };
  }

  /** Queue the cart as a record (with the lines, to bring them back if it is refused)
   * and empty the cart: from here the outbox holds it. */
  function queueOrder(storage, userId, storeId, lines, details, id) {
    var record = buildRecord(lines, storeId, details, id);
    var outbox = read(storage, outboxKey(userId), []);
    outbox.push({ record: record, store_id: Number(storeId), lines: lines, queued_at: Date.now() });
    write(storage, outboxKey(userId), outbox);
    saveCart(storage, userId, storeId, []);
    storage.removeItem(refusedKey(userId, storeId));
    return record;
  }

  function dropFromOutbox(storage, userId, recordId) {
    var outbox = read(storage, outboxKey(userId), []);
    write(storage, outboxKey(userId), outbox.filter(function (e) { return e.record.id !== recordId; }));
  }

  /** A refused order: its lines back in the cart (unless a new cart was started) with
   * the server's problems per line. */
  function restoreRefused(storage, userId, entry, problems) {
    var cart = loadCart(storage, userId, entry.store_id);
    if (!cart.length) saveCart(storage, userId, entry.store_id, entry.lines);
    write(storage, refusedKey(userId, entry.store_id), problems || []);
  }

  /**
   * Send every queued order, oldest first. `post(url, body)` resolves {status, body}
   * or rejects when there is no connection (the entry stays). Resolves the answers.
   */
  async function flush(storage, userId, url, post) {
    var answers = [];
    var outbox = read(storage, outboxKey(userId), []);
    for (var i = 0; i < outbox.length; i++) {
      var entry = outbox[i], response;
      try {
        response = await post(url, { record: entry.record });
      } catch (e) {
        answers.push({ id: entry.record.id, status: 'waiting' });
        break; // no connection: the rest waits too, in order
      }
      var body = response.body || {};
      var answered = body.status === 'applied' || body.status === 'duplicate' ||
        body.status === 'rejected' || response.status === 400 || response.status === 422;
      if (!answered) {
        answers.push({ id: entry.record.id, status: 'waiting' });
        break; // no answer for this record (5xx, the sign-in page, 403): keep it
      }
      dropFromOutbox(storage, userId, entry.record.id);
      if (body.status === 'rejected' || response.status >= 400) {
        restoreRefused(storage, userId, entry, body.problems);
        answers.push({ id: entry.record.id, status: 'rejected', store_id: entry.store_id,
                       problems: body.problems || [] });
      } else {
        answers.push({ id: entry.record.id, status: body.status, number: body.number,
                       store_id: entry.store_id, orders_url: body.orders_url });
      }
    }
    return answers;
  }

  var api = {
    cartKey: cartKey, outboxKey: outboxKey, refusedKey: refusedKey, loadCart: loadCart,
    saveCart: saveCart, addProduct: addProduct, firstQuantity: firstQuantity,
    lineProblems: lineProblems, buildRecord: buildRecord, queueOrder: queueOrder,
    flush: flush, say: say, uuid: uuid, totalFen: totalFen,
  };
  return api;
});
