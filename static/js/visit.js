/* Check in: the phone's location (with its accuracy) goes with the check-in when the
 * rep allows it; never blocks (no answer within a few seconds → check in without it).
 * The location is asked for on the tap on 签到, never when the page loads (where the phone
 * already allows it, no prompt: it is read at once, so the check-in need not wait).
 * Without a connection the check-in happens on the phone: the visit form already on the
 * page ([data-offline-visit]) opens with the phone's time, and the open check-in is kept
 * in localStorage so a reload (from the worker's cache) finds it again.
 * A ticket taken at a store where the phone is checked in names that visit
 * (form[data-capture=ticket][data-visit-store]: its [data-visit-id] field, and the note
 * [data-visit-note] shown): the phone's open check-in decides, online or offline, not the
 * copy of the page the worker may have kept from another moment. */
(function (root) {
  'use strict';
  var doc = root.document;
  var WAIT_MS = 5000;
  var KEEP_MS = 12 * 3600 * 1000; // like the server: an open check-in lapses after 12 h
  var KEY = 'rounds-open-visit:';

  function field(form, name) { return form.querySelector('[name="' + name + '"]'); }
  function saved(storeId) {
    try {
      var entry = JSON.parse(root.localStorage.getItem(KEY + storeId) || 'null');
      return entry && Date.now() - Date.parse(entry.started_at) < KEEP_MS ? entry : null;
    } catch (e) { return null; }
  }

  /** Open the visit form on the phone (no server round trip) with `entry`'s check-in. */
  function openHere(checkin, box, entry) {
    var form = box.querySelector('form[data-capture]');
    field(form, 'r0.id').value = entry.id;
    field(form, 'r0.data.started_at').value = entry.started_at;
    ['lat', 'lng', 'accuracy_m'].forEach(function (k) {
      field(form, 'r0.data.' + k + ':float').value = entry[k] == null ? '' : entry[k];
    });
    var text = box.querySelector('[data-checked-in-text]');
    var time = new Date(entry.started_at).toLocaleTimeString(doc.documentElement.lang || undefined,
      { hour: '2-digit', minute: '2-digit' });
    if (text) text.textContent = text.getAttribute('data-template').replace('{time}', time);
    box.hidden = false;
    checkin.hidden = true;
  }

  function checkInHere(checkin) {
    var box = doc.querySelector('[data-offline-visit]');
    if (!box) { checkin.submit(); return; }
    var storeId = box.querySelector('[data-visit-store]').getAttribute('data-visit-store');
    var open = saved(storeId);
    if (open) { openHere(checkin, box, open); return; } // a check-in time is never moved
    var number = function (sel) { var v = checkin.querySelector(sel).value; return v === '' ? null : Number(v); };
    // a fresh id for each check-in made here: a copy of this page the worker kept serves
    // every offline check-in at this store, and its id may already name an earlier visit
    var outbox = root.RoundsOutbox;
    var id = outbox && outbox.uuid ? outbox.uuid() : field(box, 'r0.id').value;
    var entry = { id: id, started_at: new Date().toISOString(),
      lat: number('[data-geo=lat]'), lng: number('[data-geo=lng]'), accuracy_m: number('[data-geo=accuracy]') };
    try { root.localStorage.setItem(KEY + storeId, JSON.stringify(entry)); } catch (e) { /* private mode */ }
    openHere(checkin, box, entry);
  }

  function setup(checkin) {
    if (checkin.roundsGeo) return;
    var box = doc.querySelector('[data-offline-visit]');
    var storeId = box && box.querySelector('[data-visit-store]').getAttribute('data-visit-store');
    var open = storeId && saved(storeId);
    if (open) { openHere(checkin, box, open); return; }
    var status = checkin.querySelector('[data-geo-status]');
    var state = { done: false, waiters: [] };
    checkin.roundsGeo = state;
    function finish(text) {
      state.done = true;
      if (status && text) { status.textContent = text; status.hidden = false; }
      state.waiters.splice(0).forEach(function (fn) { fn(); });
    }
    function go() { if (root.navigator.onLine === false) checkInHere(checkin); else checkin.submit(); }
    function locate() {
      if (state.asked) return;
      state.asked = true;
      if (!root.navigator.geolocation) { finish(checkin.getAttribute('data-geo-none')); return; }
      if (status) { status.textContent = checkin.getAttribute('data-geo-wait'); status.hidden = false; }
      root.navigator.geolocation.getCurrentPosition(function (pos) {
        checkin.querySelector('[data-geo=lat]').value = pos.coords.latitude.toFixed(6);
        checkin.querySelector('[data-geo=lng]').value = pos.coords.longitude.toFixed(6);
        checkin.querySelector('[data-geo=accuracy]').value = Math.round(pos.coords.accuracy);
        finish((checkin.getAttribute('data-geo-ok') || '').replace('{m}', Math.round(pos.coords.accuracy)));
      }, function () { finish(checkin.getAttribute('data-geo-none')); },
      { enableHighAccuracy: true, timeout: WAIT_MS, maximumAge: 60000 });
    }
    var permissions = root.navigator.permissions;
    if (permissions && permissions.query) {
      permissions.query({ name: 'geolocation' }).then(function (p) {
        if (p.state === 'granted') locate();
      }, function () {});
    }
    checkin.addEventListener('submit', function (event) {
      event.preventDefault();
      locate(); // the tap that needs the location asks for it
      if (state.done) { go(); return; }
      state.waiters.push(go); // wait a moment for the location, then check in anyway
      setTimeout(function () { if (!state.done) finish(''); }, WAIT_MS);
    });
  }

  /** A check-in the server made (online) is kept on the phone too: a copy of the check-in
   *  page the worker cached earlier then opens this same visit when there is no signal. */
  function remember(form) {
    if (form.closest('[data-offline-visit]')) return;
    var number = function (k) { var v = field(form, 'r0.data.' + k + ':float').value; return v === '' ? null : Number(v); };
    var entry = { id: field(form, 'r0.id').value, started_at: field(form, 'r0.data.started_at').value,
      lat: number('lat'), lng: number('lng'), accuracy_m: number('accuracy_m') };
    if (!entry.id || !entry.started_at) return;
    try { root.localStorage.setItem(KEY + form.getAttribute('data-visit-store'), JSON.stringify(entry)); } catch (e) { /* */ }
  }

  /** The ticket form names the visit under way at its store (none: the field is cleared). */
  function linkTicket(form) {
    var input = form.querySelector('[data-visit-id]');
    if (!input) return;
    try { root.localStorage.getItem(KEY); } catch (e) { return; } // unreadable: the page's value
    var open = saved(form.getAttribute('data-visit-store'));
    input.value = open ? open.id : '';
    var note = form.querySelector('[data-visit-note]');
    if (note) note.hidden = !open;
  }

  function init(scope) {
    var root_ = scope.querySelectorAll ? scope : doc;
    root_.querySelectorAll('form[data-capture=visit][data-visit-store]').forEach(remember);
    root_.querySelectorAll('form[data-capture=ticket][data-visit-store]').forEach(linkTicket);
    root_.querySelectorAll('form[data-checkin]').forEach(setup);
  }
  if (!root.RoundsVisit) {
    // Checking out forgets the phone's open check-in (a click comes before the submit).
    doc.addEventListener('click', function (event) {
      var button = event.target.closest && event.target.closest('[data-checkout]');
      var form = button && button.form;
      if (!form || !form.checkValidity()) return;
      try { root.localStorage.removeItem(KEY + form.getAttribute('data-visit-store')); } catch (e) { /* */ }
    }, true);
    doc.addEventListener('htmx:load', function (event) { init(event.detail.elt); });
    root.RoundsVisit = { init: init };
  }
  init(doc);
})(window);
