// Roster import pages. Without JavaScript they still work: the preview has a Refresh link and the server
// checks the file size; this script only makes both faster.
(function () {
  'use strict';

  // While Beacon checks or applies a file: move the progress bar every second, and reload once it is done.
  var box = document.querySelector('[data-import-progress]');
  if (box) {
    var url = box.getAttribute('data-import-progress');
    var waitingFor = box.getAttribute('data-status');
    var bar = box.querySelector('progress');
    var text = box.querySelector('[data-progress-text]');
    var lastAnnounced = -1;

    var poll = function () {
      fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (progress) {
          if (!progress) {
            return;
          }
          if (progress.status !== waitingFor) {
            window.location.reload();
            return;
          }
          if (waitingFor === 'validating' && progress.fileSize > 0) {
            bar.max = progress.fileSize;
            bar.value = progress.bytesRead;
            var percent = Math.floor(100 * progress.bytesRead / progress.fileSize);
            // Screen readers hear every tenth percent, not every second.
            if (Math.floor(percent / 10) !== lastAnnounced) {
              lastAnnounced = Math.floor(percent / 10);
              text.textContent = 'Checked ' + progress.rowsRead.toLocaleString('en-US') + ' rows (' + percent + '% of the file).';
            }
          }
        })
        .catch(function () { /* a dropped connection: the next poll tries again */ })
        .then(function () { window.setTimeout(poll, 1000); });
    };
    window.setTimeout(poll, 1000);
  }

  // Before uploading: a file over the limit is refused here, without waiting for 20 MB to travel.
  var input = document.querySelector('input[type=file][data-max-bytes]');
  if (input) {
    var error = document.getElementById('upload-error');
    input.addEventListener('change', function () {
      var max = Number(input.getAttribute('data-max-bytes'));
      var file = input.files && input.files[0];
      var tooLarge = file && file.size > max;
      input.setCustomValidity(tooLarge ? 'too large' : '');
      input.classList.toggle('is-invalid', !!tooLarge);
      input.setAttribute('aria-invalid', tooLarge ? 'true' : 'false');
      var described = (input.getAttribute('aria-describedby') || '').split(' ').filter(function (id) { return id && id !== 'upload-error'; });
      if (tooLarge) {
        described.push('upload-error');
        error.textContent = 'This file is ' + (file.size / 1048576).toFixed(1) + ' MB; Beacon accepts up to 20 MB. Remove columns Beacon does not read, or split the roster into several files.';
      }
      input.setAttribute('aria-describedby', described.join(' '));
    });
    input.form.addEventListener('submit', function (event) {
      if (!input.checkValidity()) {
        event.preventDefault();
        input.focus();
      }
    });
  }
})();
