// Knowledge checks without a page reload. Without JavaScript each answer is an ordinary form post that
// comes back to the same question; this script sends the same post, swaps in the feedback Beacon returns
// for that one question, moves focus to it and announces the result in the page's live region.
(function () {
  'use strict';

  var announcer = document.getElementById('check-announcer');
  if (!announcer || !window.fetch || !window.FormData) {
    return;
  }
  var status = document.querySelector('[data-module-status]');

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.matches || !form.matches('form[data-knowledge-check]')) {
      return;
    }
    // No answer chosen: let the ordinary post bring back Beacon's message beside the question.
    if (!form.querySelector('input[type=radio]:checked')) {
      return;
    }
    event.preventDefault();
    var button = form.querySelector('button[type=submit]');
    if (button) {
      button.disabled = true;
    }
    var question = form.closest('[data-check-question]');

    fetch(form.action, {
      method: 'POST',
      body: new FormData(form),
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'X-Requested-With': 'fetch' }
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('answer not saved');
        }
        var complete = response.headers.get('X-Module-Complete') === 'true';
        return response.text().then(function (html) { return { html: html, complete: complete }; });
      })
      .then(function (result) {
        var holder = document.createElement('div');
        holder.innerHTML = result.html;
        var replacement = holder.querySelector('[data-check-question]');
        if (!replacement) {
          throw new Error('unexpected answer');
        }
        question.replaceWith(replacement);
        var heading = replacement.querySelector('.check-question-heading');
        if (heading) {
          heading.focus();
        }
        var summary = replacement.querySelector('[data-feedback-summary]');
        var message = summary ? summary.textContent.trim() : '';
        if (result.complete && status) {
          status.textContent = 'You have finished this module.';
          message += ' You have finished this module.';
        }
        announcer.textContent = message;
      })
      .catch(function () {
        // Fall back to the ordinary post, which works without this script.
        form.submit();
      });
  });
})();
