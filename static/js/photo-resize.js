/* Shrink photos on the phone before they leave it: canvas → JPEG, longest side at most
 * data-resize pixels (1600). The resized files replace the input's own files (so a plain
 * form post sends them) and are kept on input.roundsResized for offline-ui.js. */
(function (root) {
  'use strict';
  if (root.RoundsPhotoResize) return;
  var doc = root.document;

  function loadImage(file) {
    if (root.createImageBitmap) return root.createImageBitmap(file);
    return new Promise(function (resolve, reject) {
      var img = new Image();
      img.onload = function () { resolve(img); };
      img.onerror = reject;
      img.src = URL.createObjectURL(file);
    });
  }

  function resize(file, max) {
    if (!/^image\//.test(file.type)) return Promise.resolve(file);
    return loadImage(file).then(function (img) {
      var scale = Math.min(1, max / Math.max(img.width, img.height));
      var canvas = doc.createElement('canvas');
      canvas.width = Math.round(img.width * scale);
      canvas.height = Math.round(img.height * scale);
      canvas.getContext('2d').drawImage(img, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) { canvas.toBlob(resolve, 'image/jpeg', 0.85); });
    }).then(function (blob) {
      if (!blob) return file;
      var name = (file.name || 'photo').replace(/\.[^.]*$/, '') + '.jpg';
      return new File([blob], name, { type: 'image/jpeg', lastModified: Date.now() });
    }).catch(function () { return file; });
  }

  function onChange(event) {
    var input = event.target;
    if (!input.matches || !input.matches('input[type=file][data-resize]') || !input.files.length) return;
    var max = Number(input.getAttribute('data-resize')) || 1600;
    input.setAttribute('data-resizing', '1');
    Promise.all(Array.from(input.files).map(function (f) { return resize(f, max); })).then(function (files) {
      input.roundsResized = files;
      try {
        var transfer = new DataTransfer();
        files.forEach(function (f) { transfer.items.add(f); });
        input.files = transfer.files;
      } catch (e) { /* older browsers: the original goes up, offline-ui uses roundsResized */ }
      input.removeAttribute('data-resizing');
      var size = files.reduce(function (n, f) { return n + f.size; }, 0);
      input.setAttribute('data-resized-bytes', String(size));
    });
  }

  doc.addEventListener('change', onChange);
  root.RoundsPhotoResize = { resize: resize };
})(window);
