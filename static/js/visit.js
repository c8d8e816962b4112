/* Check in: the phone's location (with its accuracy) goes with the check-in when the
 * rep allows it. Never blocks: no answer within a few seconds → check in without it. */
(function (root) {
  'use strict';
  var doc = root.document;
  var WAIT_MS = 5000;

  function setup(form) {
    if (form.roundsGeo) return;
    var status = form.querySelector('[data-geo-status]');
    var state = { done: false, waiters: [] };
    form.roundsGeo = state;
    function finish(text) {
      state.done = true;
      if (status && text) { status.textContent = text; status.hidden = false; }
      state.waiters.splice(0).forEach(function (fn) { fn(); });
    }
    if (!root.navigator.geolocation) { finish(form.getAttribute('data-geo-none')); return; }
    if (status) { status.textContent = form.getAttribute('data-geo-wait'); status.hidden = false; }
    root.navigator.geolocation.getCurrentPosition(function (pos) {
      form.querySelector('[data-geo=lat]').value = pos.coords.latitude.toFixed(6);
      form.querySelector('[data-geo=lng]').value = pos.coords.longitude.toFixed(6);
      form.querySelector('[data-geo=accuracy]').value = Math.round(pos.coords.accuracy);
      finish((form.getAttribute('data-geo-ok') || '').replace('{m}', Math.round(pos.coords.accuracy)));
    }, function () { finish(form.getAttribute('data-geo-none')); },
    { enableHighAccuracy: true, timeout: WAIT_MS, maximumAge: 60000 });
    form.addEventListener('submit', function (event) {
      if (state.done) return;
      event.preventDefault(); // wait a moment for the location, then check in anyway
      var go = function () { form.submit(); };
      state.waiters.push(go);
      setTimeout(function () { if (!state.done) finish(''); }, WAIT_MS);
    });
  }

  function init(scope) {
    (scope.querySelectorAll ? scope : doc).querySelectorAll('form[data-checkin]').forEach(setup);
  }
  init(doc);
  doc.addEventListener('htmx:load', function (event) { init(event.detail.elt); });
})(window);
