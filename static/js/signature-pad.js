/* The finger signature on the receipt form (templates/store/receipt.html): drawn on a
 * canvas, sent as a PNG data URL in the hidden `signature` field when the form is sent
 * (nothing is sent if nobody signed). The server checks it is a real image. */
(function () {
  'use strict';
  function start() {
    var canvas = document.getElementById('signature-pad');
    var field = document.getElementById('signature');
    if (!canvas || !field) return;
    var pen = canvas.getContext('2d');
    var drawing = false, signed = false;
    pen.lineWidth = 4; pen.lineCap = 'round'; pen.strokeStyle = '#111';
    if (field.value) { // the form came back with a problem: the signature stays
      var kept = new Image();
      kept.onload = function () { pen.drawImage(kept, 0, 0); signed = true; };
      kept.src = field.value;
    }
    function point(event) {
      var box = canvas.getBoundingClientRect();
      return { x: (event.clientX - box.left) * canvas.width / box.width,
               y: (event.clientY - box.top) * canvas.height / box.height };
    }
    canvas.addEventListener('pointerdown', function (event) {
      drawing = true; signed = true;
      canvas.setPointerCapture(event.pointerId);
      var p = point(event); pen.beginPath(); pen.moveTo(p.x, p.y);
    });
    canvas.addEventListener('pointermove', function (event) {
      if (!drawing) return;
      var p = point(event); pen.lineTo(p.x, p.y); pen.stroke();
    });
    ['pointerup', 'pointercancel'].forEach(function (name) {
      canvas.addEventListener(name, function () { drawing = false; });
    });
    var clear = document.querySelector('[data-clear-signature]');
    if (clear) clear.addEventListener('click', function () {
      pen.clearRect(0, 0, canvas.width, canvas.height); signed = false; field.value = '';
    });
    canvas.closest('form').addEventListener('submit', function () {
      field.value = signed ? canvas.toDataURL('image/png') : '';
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}());
