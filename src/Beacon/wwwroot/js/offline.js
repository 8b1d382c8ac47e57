// The toolkit offline: for practice members, registers the service worker (/sw.js) that keeps a copy of the
// toolkit pages; for everyone else (signed out, provider console), drops any copy and the worker, so a shared
// device keeps nothing. Shows a banner when the page is a saved copy or the connection drops.
(function () {
  'use strict';
  var script = document.currentScript;
  var mode = script ? script.getAttribute('data-toolkit-offline') : 'clear';
  var CACHE_PREFIX = 'beacon-toolkit';

  function when(iso) {
    var date = iso ? new Date(iso) : null;
    if (!date || isNaN(date.getTime())) {
      return 'an earlier visit';
    }
    return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  }

  function showBanner(text) {
    var banner = document.getElementById('offline-banner');
    if (!banner) {
      return;
    }
    banner.textContent = text;
    banner.hidden = false;
  }

  var savedAt = document.body.getAttribute('data-offline-copy');
  if (savedAt !== null) {
    showBanner('Offline — showing the copy saved at ' + when(savedAt) + '.');
  } else if (navigator.onLine === false) {
    showBanner('Offline — this page may be out of date.');
  }
  window.addEventListener('offline', function () {
    if (savedAt === null) {
      showBanner('Offline — showing the page as loaded at ' + when(new Date().toISOString()) + '.');
    }
  });
  window.addEventListener('online', function () {
    var banner = document.getElementById('offline-banner');
    if (banner && savedAt === null) {
      banner.hidden = true;
    }
  });

  if (!('serviceWorker' in navigator)) {
    return;
  }
  if (mode === 'keep') {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(function () { /* the toolkit still works online */ });
    return;
  }
  if (window.caches) {
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) { return key.indexOf(CACHE_PREFIX) === 0; }).map(function (key) { return caches.delete(key); }));
    });
  }
  navigator.serviceWorker.getRegistrations().then(function (registrations) {
    registrations.forEach(function (registration) { registration.unregister(); });
  });
})();
