/* Small helps on the capture forms: phone times stamped when the form is sent
 * ([data-now-on-submit]), data-after-offline used without a connection, and Enter moving
 * to the next field ([data-enter-next]).
 * Listens on the document once, so pages swapped in by htmx need nothing more. */
(function (root) {
  'use strict';
  if (root.RoundsCaptureForm) return;
  var doc = root.document;
  var TYPED = 'input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file]), select, textarea';

  // A click on a submit button comes before the submit event the offline client takes.
  doc.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('button, input[type=submit]');
    if (!button || !button.form || button.type === 'button') return;
    var offlineAfter = button.form.getAttribute('data-after-offline');
    if (offlineAfter && root.navigator.onLine === false) {
      // where the offline client goes next must be a page the phone has cached
      button.form.setAttribute('data-after', offlineAfter);
    }
    var now = new Date().toISOString();
    button.form.querySelectorAll('[data-now-on-submit]').forEach(function (input) { input.value = now; });
  }, true);

  doc.addEventListener('keydown', function (event) {
    var input = event.target;
    if (event.key !== 'Enter' || input.tagName !== 'INPUT' || !input.form ||
        !input.form.hasAttribute('data-enter-next')) return;
    var fields = Array.from(input.form.querySelectorAll(TYPED)).filter(function (f) { return !f.disabled; });
    var next = fields[fields.indexOf(input) + 1];
    if (!next) return; // the last field: Enter sends the form
    event.preventDefault();
    next.focus();
    if (next.select) next.select();
  });

  root.RoundsCaptureForm = {};
})(window);
