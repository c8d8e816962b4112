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
 * [data-lines] (a restock's product lines, each [data-line] with a select and a number):
 * a product chosen on two lines is refused on the later line (data-lines-once-message),
 * and the numbers together may not pass data-lines-max-total (data-lines-total-message,
 * "{total}" replaced, shown on the last line filled in): the limits the server checks.
 * Messages come from the page (data-message, translated on the server).
 * The browser's own checks (required, pattern, min/max, maxlength, number and date input)
 * speak the browser's language, not the page's: the form is marked novalidate here, so
 * no browser bubble appears, and each failed constraint (`input.validity`) is told in
 * the page's words: #rounds-i18n's check_* strings, with the bound ({min}, {max}), or
 * the field's data-pattern-message (or its column's, on the form) for what its pattern
 * means ("like 23.50").
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

  var pageStrings = null;
  function say(key, values) {
    if (!pageStrings) {
      var node = doc.getElementById('rounds-i18n');
      try { pageStrings = JSON.parse(node ? node.textContent : '{}'); } catch (e) { pageStrings = {}; }
    }
    var text = pageStrings[key];
    if (!text) return '';
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return values && values[name] != null ? values[name] : all;
    });
  }

  /** What the field's pattern means ("like 23.50"): its own data-pattern-message, or its
   *  column's in the form's data-pattern-messages (keyed by the name's last part), which
   *  a form of many like rows (the price check) carries once instead of on every row. */
  function patternMessage(field) {
    var own = field.getAttribute('data-pattern-message');
    if (own) return own;
    var form = field.form;
    var all = form && form.getAttribute('data-pattern-messages');
    if (!all) return '';
    try { return JSON.parse(all)[field.name.replace(/^.*\./, '')] || ''; } catch (e) { return ''; }
  }

  /** What is wrong with the field in the page's language ('' when fine). The browser's
   *  validationMessage is the last resort only (a page without #rounds-i18n). */
  function fieldProblem(field) {
    var v = field.validity;
    if (v.valid) return '';
    if (v.customError && field.validationMessage.trim()) return field.validationMessage; // ours
    var date = /^(date|datetime-local|month|week|time)$/.test(field.type);
    var bounds = { min: field.getAttribute('min'), max: field.getAttribute('max'),
      step: field.getAttribute('step') };
    var text = '';
    if (v.valueMissing || v.customError) text = say('check_required');
    else if (v.badInput) text = say(date ? 'check_date' : 'check_number');
    else if (v.patternMismatch) text = patternMessage(field) || say('check_format');
    else if (v.typeMismatch) text = say('check_format');
    else if (v.tooLong) text = say('check_too_long', { max: field.getAttribute('maxlength') });
    else if (v.tooShort) text = say('check_too_short', { min: field.getAttribute('minlength') });
    else if (v.rangeUnderflow || v.rangeOverflow) {
      if (date) text = say(v.rangeUnderflow ? 'check_date_from' : 'check_date_until', bounds);
      else if (bounds.min != null && bounds.max != null) text = say('check_range', bounds);
      else text = say(v.rangeUnderflow ? 'check_at_least' : 'check_at_most', bounds);
    } else if (v.stepMismatch) {
      text = !bounds.step || bounds.step === '1' ? say('check_whole') : say('check_step', bounds);
    }
    return text || say('check_format') || field.validationMessage;
  }

  /** Our checks instead of the browser's: no bubble in the browser's language. */
  function ownChecks(form) {
    if (form && form.matches && form.matches('form[data-capture]')) form.noValidate = true;
  }

  function partnerName(field) {
    var name = field.getAttribute('data-required-with');
    return name.charAt(0) === '.' ? field.name.replace(/\.[^.]+$/, '') + name : name;
  }

  /** A product listed twice; the quantities over the total: each told on its line. */
  function checkLines(box) {
    var seen = {};
    var total = 0;
    var last = null;
    var max = parseInt(box.getAttribute('data-lines-max-total'), 10);
    box.querySelectorAll('[data-line]').forEach(function (line) {
      var pick = line.querySelector('select');
      var count = line.querySelector('input[type=number]');
      if (pick && filled(pick)) {
        if (seen[pick.value] && !pick.validationMessage) {
          pick.setCustomValidity(box.getAttribute('data-lines-once-message') || ' ');
        }
        seen[pick.value] = true;
      }
      var n = count ? Number(count.value) : NaN;
      if (count && filled(count) && Number.isInteger(n) && n > 0) { total += n; last = count; }
    });
    if (last && max > 0 && total > max && !last.validationMessage) {
      last.setCustomValidity((box.getAttribute('data-lines-total-message') || ' ')
        .replace('{total}', String(total)));
    }
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
    form.querySelectorAll('[data-lines]').forEach(function (box) { checkLines(box); });
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
      showProblem(field, ok ? '' : fieldProblem(field));
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
    var lines = event.target.closest && event.target.closest('[data-lines]');
    if (lines) { // a line changed: the total or a repeat may be told on another line
      lines.querySelectorAll(TYPED).forEach(function (field) {
        if (field.checkValidity()) showProblem(field, '');
      });
    }
    var group = event.target.closest && event.target.closest('[data-pick-one]');
    if (group) {
      var boxes = form.querySelectorAll('[name="' + group.getAttribute('data-pick-one') + '"]');
      boxes.forEach(function (b) { b.setCustomValidity(''); });
      if (boxes.length) showProblem(boxes[0], '');
    }
    if (event.target.checkValidity && event.target.checkValidity()) showProblem(event.target, '');
  });

  doc.querySelectorAll('form[data-capture]').forEach(ownChecks);
  doc.addEventListener('htmx:load', function (event) {
    var elt = event.detail && event.detail.elt;
    if (elt && elt.querySelectorAll) { ownChecks(elt); elt.querySelectorAll('form[data-capture]').forEach(ownChecks); }
  });

  // The offline client asks before it queues a form (offline-ui.js fires `rounds:check`
  // on it, then stops the submit event): a wrong field cancels it.
  doc.addEventListener('rounds:check', function (event) {
    if (!check(event.target)) event.preventDefault();
  });
  // A capture form the offline client does not take is checked here before it is posted.
  doc.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form || !form.matches || !form.matches('form[data-capture]') || check(form)) return;
    event.preventDefault();
    event.stopPropagation(); // before htmx's boosted submit on the form
  }, true);

  // A click on a submit button comes before the submit event the offline client takes.
  doc.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('button, input[type=submit]');
    if (!button || !button.form || button.type === 'button') return;
    ownChecks(button.form); // before the browser's own checks would run
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
