// Today's round: ask the phone where it is, then let htmx fetch the route list ordered
// from there (GET /rep/today?lat=&lng= swaps #round-list, and the URL is replaced so a
// reload or the back button shows the same order). Without this script, or without a
// position, the list stays in territory order.
(function () {
  "use strict";

  function locate(form, asked) {
    var button = form.querySelector("[data-locate]");
    var message = document.querySelector("[data-locate-msg]");
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(function (pos) {
      form.elements.lat.value = pos.coords.latitude.toFixed(6);
      form.elements.lng.value = pos.coords.longitude.toFixed(6);
      button.disabled = false;
      if (message) { message.hidden = true; }
      window.htmx.trigger(form, "submit");
    }, function () {
      button.disabled = false;
      // only answer a tap: the list already says it is in territory order
      if (message && asked) { message.textContent = button.dataset.denied; message.hidden = false; }
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  }

  function init() {
    var form = document.querySelector("[data-locate-form]");
    if (!form || form.dataset.ready || !navigator.geolocation || !window.htmx) { return; }
    form.dataset.ready = "1";
    form.hidden = false;
    form.querySelector("[data-locate]").addEventListener("click", function () { locate(form, true); });
    if (form.elements.lat.value) { return; } // already ordered from a position
    // Never ask on load: the permission prompt comes with the rep's tap on the button.
    // Where the phone already allows it, order from the position at once.
    if (navigator.permissions && navigator.permissions.query) {
      navigator.permissions.query({ name: "geolocation" }).then(function (status) {
        if (status.state === "granted") { locate(form, false); }
      }, function () {});
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
