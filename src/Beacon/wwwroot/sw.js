// Beacon's service worker: keeps a copy of the toolkit so it opens without a connection after a first visit.
// Network first (staff always get the current protocol when online), the saved copy when the network fails.
// Only toolkit pages and the files they need are kept; nothing else a signed-in person sees is stored.
// Sign-out clears it all (Clear-Site-Data, and offline.js on signed-out pages).
'use strict';

var CACHE = 'beacon-toolkit-v1';
var PAGES = [
  '/toolkit',
  '/toolkit/red-flags',
  '/toolkit/protocol',
  '/toolkit/protocol/print',
  '/toolkit/codes',
  '/toolkit/reporting',
  '/toolkit/directory',
  '/toolkit/screening'
];
var ASSETS = [
  '/css/site.css',
  '/lib/bootstrap/css/bootstrap.min.css',
  '/lib/bootstrap/js/bootstrap.bundle.min.js',
  '/js/offline.js',
  '/js/toolkit.js',
  '/js/print-page.js',
  '/manifest.webmanifest',
  '/icons/icon.svg'
];

function isToolkitPage(path) {
  return path === '/toolkit' || path.indexOf('/toolkit/') === 0;
}

// Kept under the path alone (static files are asked for with a ?v= version), with the time it was saved.
function save(cache, path, response) {
  if (!response || !response.ok || response.redirected || response.type !== 'basic') {
    return Promise.resolve();
  }
  return response.blob().then(function (body) {
    var headers = new Headers();
    headers.set('Content-Type', response.headers.get('Content-Type') || 'application/octet-stream');
    headers.set('X-Beacon-Saved-At', new Date().toISOString());
    return cache.put(path, new Response(body, { status: 200, headers: headers }));
  });
}

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    // A page that fails (not built, not allowed, offline) is skipped, never fatal.
    return Promise.all(PAGES.concat(ASSETS).map(function (path) {
      return fetch(path, { credentials: 'same-origin', cache: 'no-store' })
        .then(function (response) { return save(cache, path, response); })
        .catch(function () { return undefined; });
    }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) { return key.indexOf('beacon-toolkit') === 0 && key !== CACHE; })
      .map(function (key) { return caches.delete(key); }));
  }).then(function () { return self.clients.claim(); }));
});

// A saved page, marked so the page shows "Offline — showing the copy saved at …".
function offlineCopy(cached) {
  var savedAt = (cached.headers.get('X-Beacon-Saved-At') || '').replace(/[^0-9TZ:.\-]/g, '');
  return cached.text().then(function (html) {
    return new Response(html.replace('<body', '<body data-offline-copy="' + savedAt + '"'), {
      status: 200,
      headers: { 'Content-Type': 'text/html; charset=utf-8' }
    });
  });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') {
    return;
  }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  var path = url.pathname;
  var page = isToolkitPage(path);
  if (!page && ASSETS.indexOf(path) < 0) {
    return;
  }
  event.respondWith(fetch(request).then(function (response) {
    if (page ? !url.search : true) {
      var copy = response.clone();
      event.waitUntil(caches.open(CACHE).then(function (cache) { return save(cache, path, copy); }));
    }
    return response;
  }).catch(function () {
    return caches.open(CACHE).then(function (cache) { return cache.match(path); }).then(function (cached) {
      if (!cached) {
        return Response.error();
      }
      return request.mode === 'navigate' ? offlineCopy(cached) : cached;
    });
  }));
});
