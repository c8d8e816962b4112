/* The owner's order pages without signal (issue 11 item 8): register the service worker
 * (static/js/sw.js keeps the order list and each order page the owner opened), and when
 * a page comes from that copy (data-from-cache), say when it was made. */
(function () {
  'use strict';
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(function () {});
  }
  function showAsOf() {
    var line = document.querySelector('[data-as-of][data-from-cache]');
    if (!line) return;
    var made = new Date(line.getAttribute('data-as-of'));
    var lang = line.getAttribute('data-lang') === 'zh' ? 'zh-CN' : 'en';
    // the configured zone (<html data-zone>), not the phone's: the page's own times are in it
    var zone = document.documentElement.getAttribute('data-zone') || undefined;
    var time = made.toLocaleString(lang, { month: 'numeric', day: 'numeric', hour: '2-digit',
      minute: '2-digit', timeZone: zone });
    line.textContent = line.getAttribute('data-template').replace('{time}', time);
    line.hidden = false;
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', showAsOf);
  else showAsOf();
  document.addEventListener('htmx:afterSettle', showAsOf);
}());
