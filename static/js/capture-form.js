/* Small helps on the capture forms: phone times stamped when the form is sent
 * ([data-now-on-submit]), data-after-offline used without a connection, Enter moving
 * to the next field ([data-enter-next]; fields with tabindex="-1" are stepped over),
 * and the checks made on the phone before anything is queued (`check(form)`):
 * the browser's own constraints plus [data-required-with="other field's name"]: this
 * field is needed once the other one is filled in (a quantity needs its product; a name
 * starting with "." is the sibling's: ".quantity:int" next to "r0.data.lines.2.product_id:int";
 * its text: data-message, or the form's data-messages JSON by the name's last part), and
 * [data-pick-one="group name"] (with data-when="other field": only once that is filled):
 * one box of the group must be ticked (a visit's purpose; OK or problem for a note).
 * Messages come from the page (data-message, translated on the server).
 * Listens on the document once, so pages swapped in by htmx need nothing more. */
(function (root) {
  'use strict';
  if (root.RoundsCaptureForm) return;
  var doc = root.document;
  var TYPED = 'input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file]), select, textarea';

  function filled(field) { return !!field && String(field.value || '').trim() !== ''; }

  function showProblem(field, text) {
    var holder = field.closest('.restock-line, .price-row, .field, .follow-up, .finding') || field.parentNode;
    var note = Array.from(holder.querySelectorAll('[data-phone-error]')).filter(function (n) {
      return n.getAttribute('data-error-for') === field.name;
    })[0];
    if (!text) { if (note) note.remove(); field.removeAttribute('aria-invalid'); return; }
    if (!note) {
      note = doc.createElement('small');
      note.className = 'error';
      note.setAttribute('role', 'alert');
      note.setAttribute('data-phone-error', '');
      note.setAttribute('data-error-for', field.name);
      holder.appendChild(note);
    }
    note.textContent = text;
    field.setAttribute('aria-invalid', 'true');
  }

  function partnerName(field) {
    var name = field.getAttribute('data-required-with');
    return name.charAt(0) === '.' ? field.name.replace(/\.[^.]+$/, '') + name : name;
  }

  /** Every check the phone can make; shows each problem next to its field. True: all fine. */
  function check(form) {
    var first = null;
    var messages = {};
    try { messages = JSON.parse(form.getAttribute('data-messages') || '{}'); } catch (e) { /* none */ }
    form.querySelectorAll('[data-required-with]').forEach(function (field) {
      var other = form.elements.namedItem(partnerName(field));
      var missing = filled(other) && !filled(field);
      var text = field.getAttribute('data-message') || messages[field.name.split('.').pop()] || ' ';
      field.setCustomValidity(missing ? text : '');
    });
    form.querySelectorAll('[data-pick-one]').forEach(function (group) {
      var boxes = Array.from(form.querySelectorAll('[name="' + group.getAttribute('data-pick-one') + '"]'));
      var when = group.getAttribute('data-when');
      var needed = !when || filled(form.elements.namedItem(when));
      var missing = needed && boxes.length && !boxes.some(function (b) { return b.checked; });
      boxes.forEach(function (b) { b.setCustomValidity(missing && b === boxes[0] ? group.getAttribute('data-message') || ' ' : ''); });
      if (boxes.length) showProblem(boxes[0], missing ? group.getAttribute('data-message') : '');
      if (missing && !first) first = boxes[0];
    });
    form.querySelectorAll(TYPED).forEach(function (field) {
      if (field.disabled || !field.willValidate) return;
      var ok = field.checkValidity();
      showProblem(field, ok ? '' : field.validationMessage);
      if (!ok && !first) first = field;
    });
    if (first) { first.scrollIntoView({ block: 'center' }); first.focus(); }
    return !first;
  }

  // A problem shown goes away as soon as the rep fixes the field (or its partner).
  doc.addEventListener('input', function (event) {
    var form = event.target.form;
    if (!form || !form.hasAttribute('data-capture')) return;
    form.querySelectorAll('[data-required-with]').forEach(function (field) {
      field.setCustomValidity('');
      if (field === event.target || partnerName(field) === event.target.name) showProblem(field, '');
    });
    var group = event.target.closest && event.target.closest('[data-pick-one]');
    if (group) {
      var boxes = form.querySelectorAll('[name="' + group.getAttribute('data-pick-one') + '"]');
      boxes.forEach(function (b) { b.setCustomValidity(''); });
      if (boxes.length) showProblem(boxes[0], '');
    }
    if (event.target.checkValidity && event.target.checkValidity()) showProblem(event.target, '');
  });

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
    var fields = Array.from(input.form.querySelectorAll(TYPED)).filter(function (f) {
      return !f.disabled && f.tabIndex >= 0;
    });
    var next = fields[fields.indexOf(input) + 1];
    if (!next) return; // the last field: Enter sends the form
    event.preventDefault();
    next.focus();
    if (next.select) next.select();
  });

  root.RoundsCaptureForm = { check: check };
})(window);
