// Presenter view: turns the page of slides into one slide at a time for a projector. Without this script
// every slide stays readable in order on one page, each with its own anchor.
(function () {
  'use strict';

  var root = document.querySelector('[data-presenter]');
  if (!root) {
    return;
  }
  var slides = Array.prototype.slice.call(root.querySelectorAll('[data-slide]'));
  if (slides.length === 0) {
    return;
  }
  var bar = root.querySelector('[data-presenter-bar]');
  var counter = root.querySelector('#slide-counter');
  var notesButton = root.querySelector('[data-action="notes"]');
  var fullscreenButton = root.querySelector('[data-action="fullscreen"]');
  var current = 0;

  root.classList.add('is-presenting');
  bar.hidden = false;

  // The slide that holds the element the address points to (a slide, or a source a citation links to).
  function slideOfHash() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    if (!target) {
      return -1;
    }
    for (var i = 0; i < slides.length; i++) {
      if (slides[i].contains(target)) {
        return i;
      }
    }
    return -1;
  }

  function show(index, moved) {
    current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach(function (slide, i) {
      // The hidden attribute also takes the other slides out of what a screen reader reads.
      slide.hidden = i !== current;
    });
    counter.textContent = 'Slide ' + (current + 1) + ' of ' + slides.length + ': ' + slides[current].getAttribute('data-title');
    if (moved) {
      window.history.replaceState(null, '', '#' + slides[current].id);
      if (document.fullscreenElement === root) {
        root.scrollTop = 0;
      } else if (root.getBoundingClientRect().top < 0) {
        root.scrollIntoView();
      }
    }
  }

  function toggleNotes() {
    var on = root.classList.toggle('notes-on');
    notesButton.setAttribute('aria-pressed', on ? 'true' : 'false');
  }

  function toggleFullscreen() {
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else if (root.requestFullscreen) {
      root.requestFullscreen().catch(function () {
        // Refused (an embedded browser, a kiosk policy): the slides still work in the window.
      });
    }
  }

  var actions = {
    previous: function () { show(current - 1, true); },
    next: function () { show(current + 1, true); },
    first: function () { show(0, true); },
    last: function () { show(slides.length - 1, true); },
    notes: toggleNotes,
    fullscreen: toggleFullscreen
  };

  root.addEventListener('click', function (event) {
    var button = event.target.closest('[data-action]');
    if (button && actions[button.getAttribute('data-action')]) {
      actions[button.getAttribute('data-action')]();
    }
  });

  document.addEventListener('keydown', function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var target = event.target;
    var tag = target.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable) {
      return;
    }
    // Space on a focused button or link presses it, as everywhere else.
    var onControl = tag === 'BUTTON' || tag === 'A';
    var action = null;
    switch (event.key) {
      case 'ArrowRight':
      case 'PageDown':
        action = 'next';
        break;
      case ' ':
        action = onControl ? null : 'next';
        break;
      case 'ArrowLeft':
      case 'PageUp':
        action = 'previous';
        break;
      case 'Home':
        action = 'first';
        break;
      case 'End':
        action = 'last';
        break;
      case 'n':
      case 'N':
        action = 'notes';
        break;
      case 'f':
      case 'F':
        action = 'fullscreen';
        break;
    }
    if (action) {
      event.preventDefault();
      actions[action]();
    }
  });

  document.addEventListener('fullscreenchange', function () {
    fullscreenButton.setAttribute('aria-pressed', document.fullscreenElement === root ? 'true' : 'false');
  });
  fullscreenButton.setAttribute('aria-pressed', 'false');

  window.addEventListener('hashchange', function () {
    var index = slideOfHash();
    if (index >= 0) {
      show(index, false);
    }
  });

  var start = slideOfHash();
  show(start >= 0 ? start : 0, false);
}());
