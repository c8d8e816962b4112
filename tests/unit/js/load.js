/* Load a browser script of static/js/ into a node sandbox and return its globals.
 * Only for the pure pieces (hlc.js, capture.js, sync-client.js's backoff); everything
 * that touches IndexedDB, fetch or the DOM is tested in a real browser
 * (tests/browser/test_offline_round.py). */
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');

const STATIC = path.join(__dirname, '..', '..', '..', 'static', 'js');

function load(...names) {
  const sandbox = vm.createContext({ console, setTimeout, clearTimeout, Date, Math, URL,
    Promise, JSON, Object, Array, Number, String, Error });
  for (const name of names) {
    vm.runInContext(fs.readFileSync(path.join(STATIC, name), 'utf8'), sandbox, { filename: name });
  }
  return sandbox;
}

module.exports = { load };
