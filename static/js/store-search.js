/* The store list's search, on the phone (the cached page works offline): every word
 * typed must appear in the store's name, customer code or address. */
(function (root) {
  'use strict';
  var doc = root.document;
  function filter(input) {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var list = doc.querySelector('[data-store-list]');
    if (!list) return;
    var shown = 0;
    list.querySelectorAll('li[data-search]').forEach(function (item) {
      var text = item.getAttribute('data-search');
      var hit = words.every(function (w) { return text.indexOf(w) >= 0; });
      item.hidden = !hit;
      if (hit) shown += 1;
    });
    var none = list.querySelector('[data-store-none]');
    if (none) none.hidden = shown > 0;
  }
  if (!root.RoundsStoreSearch) {
    doc.addEventListener('input', function (event) {
      if (event.target.matches && event.target.matches('[data-store-search]')) filter(event.target);
    });
    doc.addEventListener('submit', function (event) {
      var input = event.target.querySelector && event.target.querySelector('[data-store-search]');
      if (input) { event.preventDefault(); filter(input); input.blur(); }
    });
    root.RoundsStoreSearch = { filter: filter };
  }
  var input = doc.querySelector('[data-store-search]');
  if (input && input.value) filter(input);
})(window);
