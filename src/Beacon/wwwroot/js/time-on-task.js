// Time on task for the self-paced player. While a lesson page is visible and has focus, it tells Beacon
// every 30 seconds that the learner is still there. Beacon counts at most 60 seconds per beat, so a tab
// left open in the background adds nothing. Without JavaScript, Beacon counts the time between page views.
(function () {
  'use strict';

  var holder = document.querySelector('[data-heartbeat-url]');
  if (!holder || !window.fetch) {
    return;
  }
  var url = holder.getAttribute('data-heartbeat-url');
  var tokenInput = holder.querySelector('input[name="__RequestVerificationToken"]');
  var token = tokenInput ? tokenInput.value : '';

  window.setInterval(function () {
    if (document.visibilityState !== 'visible' || !document.hasFocus()) {
      return;
    }
    fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      keepalive: true,
      headers: { 'X-CSRF-TOKEN': token }
    }).catch(function () { /* offline for a moment: the next beat counts the time, up to its limit */ });
  }, 30000);
})();
