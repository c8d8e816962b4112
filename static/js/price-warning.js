/* The price check's guide-price warning, on the phone: the rule of webapp/rules/prices.py
 * (above when (shelf - guide) / guide × 100 > the above tolerance; below likewise), with
 * the tolerances, the money pattern (prices.YUAN_INPUT_PATTERN: groups yuan and fen) and
 * the translated texts the server put on the form. Works offline. */
(function (root) {
  'use strict';
  if (root.RoundsPriceWarning) return;
  var doc = root.document;

  function fen(form, text) {
    var pattern = form.getAttribute('data-yuan-pattern');
    var m = pattern ? new RegExp('^(?:' + pattern + ')$').exec(String(text || '')) : null;
    return m ? Number(m[1]) * 100 + Number(((m[2] || '') + '00').slice(0, 2)) : null;
  }
  // tolerances are decimals like 5.0: compare in thousandths so 5 % is exactly 5 %
  function milli(pct) { return Math.round(Number(pct) * 1000); }

  /** The warning for `typed` against `guideFen` ('' when fine or not a price yet). */
  function warning(form, typed, guideFen) {
    var shelf = fen(form, typed);
    if (shelf === null || !guideFen) return '';
    var diff = shelf - guideFen;
    var above = diff * 100 * 1000 > milli(form.getAttribute('data-price-above-pct')) * guideFen;
    var below = -diff * 100 * 1000 > milli(form.getAttribute('data-price-below-pct')) * guideFen;
    if (!above && !below) return '';
    var text = form.getAttribute(above ? 'data-warn-above' : 'data-warn-below') || '';
    return text.replace('{pct}', String(Math.round(Math.abs(diff) * 100 / guideFen)))
      .replace('{guide}', (guideFen / 100).toFixed(2));
  }

  function show(input) {
    var row = input.closest('[data-guide-fen]');
    var form = input.form;
    var slot = row && row.querySelector('.warn-slot');
    if (!slot || !form) return;
    var text = warning(form, input.value, Number(row.getAttribute('data-guide-fen')));
    slot.replaceChildren();
    if (text) {
      var span = doc.createElement('span');
      span.className = 'price-warn';
      span.setAttribute('role', 'status');
      span.textContent = '⚠ ' + text;
      slot.appendChild(span);
    }
  }

  doc.addEventListener('input', function (event) {
    var input = event.target;
    if (/\.shelf_price$/.test(input.name || '') && input.closest('[data-guide-fen]')) show(input);
  });
  root.RoundsPriceWarning = { warning: warning };
})(window);
