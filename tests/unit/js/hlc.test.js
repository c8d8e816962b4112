/* static/js/hlc.js: the phone's hybrid logical clock follows sync/hlc.py. */
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');


const H = require('../../../static/js/hlc.js');

test('a local event takes the physical time and restarts the counter', () => {
  assert.deepEqual({ ...H.tick({ wall: 1000, counter: 4 }, 2000) }, { wall: 2000, counter: 0 });
});

test('a clock that goes backwards never makes the HLC go backwards', () => {
  let state = H.tick({ wall: 0, counter: 0 }, 5000);
  const before = state;
  state = H.tick(state, 1000); // the rep fixed a clock that ran ahead
  assert.equal(state.wall, 5000);
  assert.equal(state.counter, before.counter + 1);
  assert.equal(H.compare(H.parse(H.format(state, 'p1')), H.parse(H.format(before, 'p1'))), 1);
});

test('many events in the same millisecond stay strictly ordered', () => {
  let state = { wall: 0, counter: 0 };
  const seen = [];
  for (let i = 0; i < 100; i++) { state = H.tick(state, 7000); seen.push(H.parse(H.format(state, 'p1'))); }
  for (let i = 1; i < seen.length; i++) assert.equal(H.compare(seen[i - 1], seen[i]), -1);
});

test('the counter overflow moves to the next millisecond', () => {
  const next = H.tick({ wall: 10, counter: H.MAX_COUNTER }, 10);
  assert.deepEqual({ ...next }, { wall: 11, counter: 0 });
});

test('receive follows the paper: greater than both clocks', () => {
  const mine = { wall: 100, counter: 3 }, remote = { wall: 100, counter: 7 };
  assert.deepEqual({ ...H.receive(mine, remote, 50) }, { wall: 100, counter: 8 });
  assert.deepEqual({ ...H.receive(mine, { wall: 200, counter: 2 }, 50) }, { wall: 200, counter: 3 });
  assert.deepEqual({ ...H.receive(mine, remote, 300) }, { wall: 300, counter: 0 });
});

test('the wire format is the server one and parsing is strict', () => {
  assert.equal(H.format({ wall: 1763800000000, counter: 0 }, 'dev-7f3a'), '1763800000000:0:dev-7f3a');
  assert.deepEqual({ ...H.parse('1763800000000:12:dev-7f3a') }, { wall: 1763800000000, counter: 12, node: 'dev-7f3a' });
  for (const bad of ['1:2', '01:2:n', '1:2:', '1:2:a b', '-1:2:n']) assert.throws(() => H.parse(bad));
  assert.throws(() => H.format({ wall: 1, counter: 0 }, 'bad node'));
});

test('a new node id fits the server rule', () => {
  const node = H.newNodeId([1, 2, 3, 250, 5, 6, 7, 255]);
  assert.equal(node, 'p010203fa050607ff');
  assert.ok(H.validNode(node));
});
