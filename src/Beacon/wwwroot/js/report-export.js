// Background report files: while Beacon writes the file, move the progress bar once a second and reload the
// page when it is ready (the page then offers the download). Without JavaScript the page has a refresh link.
(function () {
  'use strict';
  var box = document.querySelector('[data-export-progress]');
  if (!box) {
    return;
  }
  var url = box.getAttribute('data-export-progress');
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
        if (progress.status !== 'running') {
          window.location.reload();
          return;
        }
        bar.max = Math.max(progress.peopleTotal, 1);
        bar.value = progress.peopleDone;
        var percent = progress.peopleTotal > 0 ? Math.floor(100 * progress.peopleDone / progress.peopleTotal) : 0;
        // Screen readers hear every tenth percent, not every second.
        if (Math.floor(percent / 10) !== lastAnnounced) {
          lastAnnounced = Math.floor(percent / 10);
          text.textContent = progress.peopleDone.toLocaleString('en-US') + ' of ' + progress.peopleTotal.toLocaleString('en-US') + ' people evaluated (' + percent + '%).';
        }
      })
      .catch(function () { /* a dropped connection: the next poll tries again */ })
      .then(function () { window.setTimeout(poll, 1000); });
  };
  window.setTimeout(poll, 1000);
}());
