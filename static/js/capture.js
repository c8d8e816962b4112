/* Rounds capture forms → raw sync records. The twin of sync/form_records.py:
 * the same name grammar, so a form queued offline and a form posted without
 * JavaScript become the very same {id, type, hlc, data} records.
 * Needs nothing (no DOM for recordsFromEntries): loaded by pages before offline-ui.js
 * (webapp/pwa.py CLIENT_SCRIPTS); in node, `require('static/js/capture.js')`. */
(function (root, factory) {
  'use strict';
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else if (!root.RoundsCapture) root.RoundsCapture = factory();
})(typeof self !== 'undefined' ? self : globalThis, function () {
  'use strict';
  var NAME = /^r(\d{1,4})\.([A-Za-z0-9_.]+?)(?::(int|float|bool))?(\[\])?$/;

  function convert(value, kind, name) {
    if (!kind) return value;
    if (kind === 'int' || kind === 'float') {
      var n = Number(value);
      if (value === '' || !isFinite(n) || (kind === 'int' && !/^-?\d+$/.test(value))) {
        throw new Error(name + ': ' + JSON.stringify(value) + ' is not a number');
      }
      return n;
    }
    return ['1', 'true', 'on', 'yes'].indexOf(value.toLowerCase()) >= 0;
  }

  function place(target, keys, value) {
    var node = target;
    for (var i = 0; i < keys.length; i++) {
      var key = keys[i], last = i === keys.length - 1;
      var following = last ? null : keys[i + 1];
      var slot = Array.isArray(node) ? Number(key) : key;
      if (last) { node[slot] = value; return; }
      if (node[slot] === undefined || node[slot] === null) {
        node[slot] = /^\d+$/.test(following) ? [] : {};
      }
      node = node[slot];
    }
  }

  function dropHoles(node) {
    if (Array.isArray(node)) {
      for (var i = node.length - 1; i >= 0; i--) {
        var item = node[i];
        var empty = item === undefined || item === null ||
          (Array.isArray(item) && item.length === 0) ||
          (typeof item === 'object' && !Array.isArray(item) && Object.keys(item).length === 0);
        if (empty) node.splice(i, 1);
      }
      node.forEach(dropHoles);
    } else if (node && typeof node === 'object') {
      Object.keys(node).forEach(function (k) { dropHoles(node[k]); });
    }
  }

  /** Build records from [name, value] pairs (e.g. Array.from(new FormData(form))). */
  function recordsFromEntries(entries) {
    var records = {}, optional = {}, lists = {};
    entries.forEach(function (pair) {
      var name = pair[0], raw = pair[1];
      if (typeof raw !== 'string') return; // files travel separately as photos
      var m = NAME.exec(name);
      if (!m) return;
      var index = Number(m[1]), path = m[2], kind = m[3], many = m[4];
      var value = raw.trim();
      var record = records[index] || (records[index] = {});
      if (path === 'optional') {
        optional[index] = value.split(',').map(function (s) { return s.trim(); })
          .filter(Boolean);
        return;
      }
      var keys = path.split('.');
      if (many) {
        var bucketKey = index + '|' + path;
        if (!lists[bucketKey]) { lists[bucketKey] = []; place(record, keys, lists[bucketKey]); }
        if (value !== '') lists[bucketKey].push(convert(value, kind, name));
        return;
      }
      if (value === '') return;
      place(record, keys, convert(value, kind, name));
    });
    return Object.keys(records).map(Number).sort(function (a, b) { return a - b; })
      .map(function (index) {
        var record = records[index], data = record.data || {}, keys = optional[index];
        if (keys && keys.length && keys.every(function (k) {
          var v = data[k];
          return v === undefined || v === null || v === '' ||
            (Array.isArray(v) && v.length === 0);
        })) return null;
        dropHoles(record);
        return record;
      }).filter(Boolean);
  }

  return { recordsFromEntries: recordsFromEntries };
});
