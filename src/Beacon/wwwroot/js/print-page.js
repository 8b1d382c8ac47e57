// Shows a Print button where a page is meant to be printed (the CSP allows no inline handlers). Without
// JavaScript the button stays hidden and the browser's own Print command does the same.
(function () {
  'use strict';
  document.querySelectorAll('[data-print-page]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
  });
})();
