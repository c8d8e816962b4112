/* Drafts and the way back, for every capture form (form[data-capture]).
 * - What the rep types is kept in localStorage (per page and form) as they type, put back
 *   when the page opens again (a reload, a trip to the price check and back, the phone
 *   restarting), and forgotten once the form is queued (offline-ui.js fires
 *   `rounds:queued`) or when the rep taps "Discard draft". Hidden fields, files and the
 *   CSRF token are never kept; how many photos each file field held is, so the restored
 *   draft says which photos must be added again instead of losing them silently.
 * - A link inside [data-return="URL"] (the visit's capture links) remembers URL: the form
 *   it opens goes back there once saved (its data-after and its ← link), not to the
 *   store page. Kept in sessionStorage, so cached offline pages need no query string. */
(function (root) {
  'use strict';
  if (root.RoundsDrafts) return;
  var doc = root.document;
  var DRAFT = 'rounds-draft:';
  var RETURN = 'rounds-return:';
  var KEEP_MS = 7 * 24 * 3600 * 1000; // a draft older than a week is stale

  function key(form) { return DRAFT + root.location.pathname + ':' + form.getAttribute('data-capture'); }
  function kept(el) {
    return el.name && el.name !== 'csrf_token' && !el.disabled &&
      ['hidden', 'file', 'submit', 'button'].indexOf(el.type) < 0 && el.tagName !== 'BUTTON';
  }
  function read(storage, name) {
    try { return JSON.parse(storage.getItem(name) || 'null'); } catch (e) { return null; }
  }
  function write(storage, name, value) {
    try { if (value == null) storage.removeItem(name); else storage.setItem(name, JSON.stringify(value)); } catch (e) { /* full or private */ }
  }

  // Several photo fields share the name "photos": each is told apart by its kind and place.
  function fileInputs(form) {
    return Array.from(form.elements).filter(function (el) { return el.type === 'file'; });
  }
  function photoKey(el, i) { return (el.getAttribute('data-kind') || el.name) + ':' + i; }

  function save(form) {
    var fields = {};
    Array.from(form.elements).filter(kept).forEach(function (el) {
      if (el.type === 'checkbox' || el.type === 'radio') {
        fields[el.name] = fields[el.name] || [];
        if (el.checked) fields[el.name].push(el.value);
      } else fields[el.name] = el.value;
    });
    var photos = {};
    fileInputs(form).forEach(function (el, i) {
      if (el.files && el.files.length) photos[photoKey(el, i)] = el.files.length;
    });
    write(root.localStorage, key(form), { at: Date.now(), fields: fields, photos: photos });
  }

  function restore(form) {
    var draft = read(root.localStorage, key(form));
    if (!draft || !draft.fields || Date.now() - draft.at > KEEP_MS) return;
    Array.from(form.elements).filter(kept).forEach(function (el) {
      var value = draft.fields[el.name];
      if (value === undefined) return;
      if (el.type === 'checkbox' || el.type === 'radio') el.checked = Array.isArray(value) && value.indexOf(el.value) >= 0;
      else el.value = value;
    });
    var note = form.getAttribute('data-draft-note');
    if (!note || form.querySelector('[data-draft-bar]')) return;
    var bar = doc.createElement('p');
    bar.className = 'draft-bar';
    bar.setAttribute('data-draft-bar', '');
    bar.textContent = note + ' ';
    var discard = doc.createElement('button');
    discard.type = 'button';
    discard.className = 'small-button';
    discard.setAttribute('data-draft-discard', '');
    discard.textContent = form.getAttribute('data-draft-discard-text') || '×';
    bar.appendChild(discard);
    form.insertBefore(bar, form.firstChild);
    var photoNote = form.getAttribute('data-draft-photo-note');
    fileInputs(form).forEach(function (input, i) {
      var id = photoKey(input, i);
      if (!(draft.photos || {})[id] || (input.files && input.files.length)) return;
      var again = doc.createElement('p');
      again.className = 'field-error';
      again.setAttribute('data-draft-photo-lost', id);
      again.textContent = photoNote;
      input.insertAdjacentElement('afterend', again);
    });
  }

  function applyReturn(form) {
    var back = read(root.sessionStorage, RETURN + root.location.pathname);
    if (!back) return;
    form.setAttribute('data-after', back);
    form.setAttribute('data-after-offline', back);
    var crumb = doc.querySelector('.crumb a');
    if (crumb) crumb.setAttribute('href', back);
  }

  function init(scope) {
    (scope.querySelectorAll ? scope : doc).querySelectorAll('form[data-capture]').forEach(function (form) {
      if (form.roundsDraft) return;
      form.roundsDraft = true;
      restore(form);
      applyReturn(form);
    });
  }

  // Saved at once on every change (a small JSON): a boosted link or a reload may come
  // any moment after the last key press.
  ['input', 'change'].forEach(function (name) {
    doc.addEventListener(name, function (event) {
      var form = event.target.form;
      if (form && form.hasAttribute('data-capture') &&
          (kept(event.target) || event.target.type === 'file')) save(form);
      if (name === 'change' && event.target.type === 'file') {
        var next = event.target.nextElementSibling;
        if (next && next.hasAttribute('data-draft-photo-lost')) next.remove();
      }
    });
  });
  doc.addEventListener('rounds:queued', function (event) {
    write(root.localStorage, key(event.target), null);
  });
  doc.addEventListener('click', function (event) {
    var discard = event.target.closest && event.target.closest('button[data-draft-discard]');
    if (discard) {
      var form = discard.form;
      write(root.localStorage, key(form), null);
      form.reset();
      discard.parentNode.remove();
      return;
    }
    var link = event.target.closest && event.target.closest('[data-return] a[href]');
    if (link) {
      write(root.sessionStorage, RETURN + new URL(link.href, root.location.href).pathname,
        link.closest('[data-return]').getAttribute('data-return'));
    }
  }, true);
  doc.addEventListener('htmx:load', function (event) { init(event.detail.elt); });
  root.RoundsDrafts = { init: init };
  init(doc);
})(window);
