/* static/js/owner-cart.js: the owner's cart survives a reload (localStorage), a line is
 * checked by the rules' numbers, and a sent cart is one `order` record that leaves the
 * outbox only when the server has answered for it (docs/sync-protocol.md). */
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');

const Cart = require('../../../static/js/owner-cart.js');

function memoryStorage() {
  const data = new Map();
  return {
    getItem: (k) => (data.has(k) ? data.get(k) : null),
    setItem: (k, v) => data.set(k, String(v)),
    removeItem: (k) => data.delete(k),
  };
}

const STRINGS = {
  bad_quantity: 'whole', below_minimum: 'min {n}', not_multiple: 'multiple {n}', over_limit: 'left {n}',
};
const CRATE = { product_id: 7, name: 'crate', code: 'P7', price: '85.00', minimum: 25, multiple: 25, remaining: 50 };
const CARTON = { product_id: 8, name: 'carton', code: 'P8', price: '42.00', minimum: 1, multiple: 1, remaining: null };

test('a product is added at its minimum in whole multiples, then one multiple more', () => {
  let lines = Cart.addProduct([], CRATE);
  assert.equal(lines[0].quantity, '25');
  lines = Cart.addProduct(lines, CRATE);
  assert.equal(lines[0].quantity, '50');
  assert.equal(Cart.firstQuantity({ minimum: 30, multiple: 25 }), 50);
});

test('the cart survives a reload: it is kept per user and store', () => {
  const storage = memoryStorage();
  Cart.saveCart(storage, 1, 10, Cart.addProduct([], CARTON));
  assert.equal(Cart.loadCart(storage, 1, 10)[0].product_id, 8);
  assert.deepEqual(Cart.loadCart(storage, 1, 11), []);
  assert.deepEqual(Cart.loadCart(storage, 2, 10), []);
});

test('a line breaking a rule is explained with the rule\'s number [003 25条整倍数]', () => {
  assert.deepEqual(Cart.lineProblems({ ...CRATE, quantity: '30' }, STRINGS), ['multiple 25']);
  assert.deepEqual(Cart.lineProblems({ ...CRATE, quantity: '-25' }, STRINGS), ['whole']);
  assert.deepEqual(Cart.lineProblems({ ...CRATE, quantity: '2.5' }, STRINGS), ['whole']);
  assert.deepEqual(Cart.lineProblems({ ...CRATE, quantity: '75' }, STRINGS), ['left 50']);
  assert.deepEqual(Cart.lineProblems({ ...CRATE, quantity: '50' }, STRINGS), []);
});

test('the cart becomes one order record: whole cartons, no prices (the server prices it)', () => {
  const record = Cart.buildRecord([{ ...CRATE, quantity: '50' }, { ...CARTON, quantity: ' 3 ' }], 10,
    { delivery_method: 'pickup_point', wanted_date: '', note: '  ' }, 'id-1');
  assert.deepEqual(record, { id: 'id-1', type: 'order', data: {
    store_id: 10, delivery_method: 'pickup_point',
    lines: [{ product_id: 7, quantity: 50 }, { product_id: 8, quantity: 3 }] } });
});

test('offline the order waits in the outbox; back online it goes once and leaves', async () => {
  const storage = memoryStorage();
  Cart.queueOrder(storage, 1, 10, [{ ...CRATE, quantity: '25' }], {}, 'rec-1');
  assert.deepEqual(Cart.loadCart(storage, 1, 10), []); // the outbox holds it now
  const offline = await Cart.flush(storage, 1, '/submit', () => Promise.reject(new TypeError('offline')));
  assert.deepEqual(offline, [{ id: 'rec-1', status: 'waiting' }]);
  const sent = [];
  const online = (url, body) => { sent.push(body.record.id); return Promise.resolve({ status: 200, body: { status: 'applied', number: 'SO1' } }); };
  const answers = await Cart.flush(storage, 1, '/submit', online);
  assert.equal(answers[0].number, 'SO1');
  assert.deepEqual(await Cart.flush(storage, 1, '/submit', online), []);
  assert.deepEqual(sent, ['rec-1']);
});

test('a server error keeps the order queued; a refusal brings the lines back with the problems', async () => {
  const storage = memoryStorage();
  Cart.queueOrder(storage, 1, 10, [{ ...CRATE, quantity: '30' }], {}, 'rec-2');
  const busy = await Cart.flush(storage, 1, '/submit', () => Promise.resolve({ status: 503, body: {} }));
  assert.equal(busy[0].status, 'waiting');
  const problems = [{ line: 0, text: 'multiple 25' }];
  const refused = await Cart.flush(storage, 1, '/submit',
    () => Promise.resolve({ status: 422, body: { status: 'rejected', problems } }));
  assert.equal(refused[0].status, 'rejected');
  assert.equal(Cart.loadCart(storage, 1, 10)[0].quantity, '30');
  assert.deepEqual(JSON.parse(storage.getItem(Cart.refusedKey(1, 10))), problems);
  assert.deepEqual(await Cart.flush(storage, 1, '/submit', () => assert.fail('sent again')), []);
});

test('the total is whole fen: quantity times the shown wholesale price', () => {
  assert.equal(Cart.totalFen([{ ...CRATE, quantity: '50' }, { ...CARTON, quantity: 'x' }]), 50 * 8500);
});

test('a lapsed sign-in (the login page, 200) is no answer: the order stays queued', async () => {
  const storage = memoryStorage();
  Cart.queueOrder(storage, 1, 10, [{ ...CARTON, quantity: '2' }], {}, 'rec-3');
  const login = await Cart.flush(storage, 1, '/submit', () => Promise.resolve({ status: 200, body: {} }));
  assert.deepEqual(login, [{ id: 'rec-3', status: 'waiting' }]);
  assert.equal(JSON.parse(storage.getItem(Cart.outboxKey(1))).length, 1);
});
