// ICD-10-CM helper: one tap copies a code. Uses the clipboard API, or selects the code and copies it where
// that is not available; either way a polite live region says what was copied. Without JavaScript the
// buttons stay hidden and the codes are plain text to select.
(function () {
  'use strict';
  var status = document.getElementById('copy-status');

  function announce(text) {
    if (!status) {
      return;
    }
    status.textContent = '';
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function fallback(button, code) {
    var element = button.closest('.icd-code').querySelector('.icd-code-value');
    selectText(element);
    var copied = false;
    try {
      copied = document.execCommand('copy');
    } catch (e) {
      copied = false;
    }
    announce(copied ? 'Copied ' + code : code + ' is selected: copy it with your device\'s copy command');
  }

  document.querySelectorAll('[data-copy]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      var code = button.getAttribute('data-copy');
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(code).then(function () {
          announce('Copied ' + code);
          button.classList.add('icd-copied');
        }, function () { fallback(button, code); });
      } else {
        fallback(button, code);
      }
    });
  });
})();
