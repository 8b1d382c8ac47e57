// Live sessions: the Print buttons of the sign-in sheet, paper test and answer key. Without script the
// browser's own Print command does the same.
(function () {
  'use strict';
  document.querySelectorAll('[data-print]').forEach(function (button) {
    button.addEventListener('click', function () {
      window.print();
    });
  });
}());
