// The barista queue, live. The page is complete without this script (forms and a
// <noscript> refresh); with it:
//  - a Server-Sent Events stream (/api/v1/stores/:store/queue/events) sends the
//    whole queue whenever it changes, so new tickets appear within a second;
//  - after any disconnect (network blip, app restart, database failover) the
//    browser reconnects by itself, and on every (re)connect we also fetch
//    /api/v1/stores/:store/queue, so nothing depends on a missed event;
//  - new tickets are highlighted, with an optional beep (Web Audio; off by default);
//  - wait times tick every 15 s and turn amber, then red;
//  - Ready / Collected post to the JSON API without reloading the page.
// Customer names and item names are user data: they go in with textContent only.
(function () {
  'use strict';
  var root = document.querySelector('[data-queue]');
  if (!root || !window.EventSource || !window.fetch) return;

  var store = root.getAttribute('data-store');
  var amber = Number(root.getAttribute('data-amber')) || 5;
  var red = Number(root.getAttribute('data-red')) || 10;
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.getAttribute('content') : '';
  var status = root.querySelector('[data-live-status]');
  var base = '/api/v1/stores/' + encodeURIComponent(store);
  // Server time minus tablet time: minutes are counted on the server's clock.
  var offset = Date.parse(root.getAttribute('data-now')) - Date.now();
  var known = {};
  root.querySelectorAll('.ticket[data-order-id]').forEach(function (t) {
    known[t.getAttribute('data-order-id')] = true;
  });

  function say(text) {
    if (status) status.textContent = text;
  }

  // ---- sound ---------------------------------------------------------------
  var SOUND_KEY = 'alpaca.queue.sound';
  var audio = null;
  var soundToggle = root.querySelector('[data-sound-toggle]');
  var soundLabel = root.querySelector('[data-sound-toggle-label]');
  function soundOn() {
    return soundToggle && soundToggle.checked;
  }
  function beep() {
    if (!soundOn()) return;
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    audio = audio || new Context();
    if (audio.state === 'suspended') audio.resume();
    var now = audio.currentTime;
    [0, 0.18].forEach(function (start, i) {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.type = 'sine';
      osc.frequency.value = i === 0 ? 880 : 1320;
      gain.gain.setValueAtTime(0.0001, now + start);
      gain.gain.exponentialRampToValueAtTime(0.3, now + start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + start + 0.15);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + start);
      osc.stop(now + start + 0.16);
    });
  }
  if (soundToggle && soundLabel) {
    soundLabel.hidden = false;
    try {
      soundToggle.checked = window.localStorage.getItem(SOUND_KEY) === 'on';
    } catch {
      /* private mode */
    }
    soundToggle.addEventListener('change', function () {
      try {
        window.localStorage.setItem(SOUND_KEY, soundToggle.checked ? 'on' : 'off');
      } catch {
        /* ignore */
      }
      beep(); // the tap unlocks audio on tablets, and lets the barista hear the cue
    });
  }

  // ---- wait times ------------------------------------------------------------
  function minutesSince(iso) {
    return Math.max(0, Math.floor((Date.now() + offset - Date.parse(iso)) / 60000));
  }
  function level(minutes) {
    return minutes >= red ? 'red' : minutes >= amber ? 'amber' : 'fresh';
  }
  function paintWait(ticket) {
    var minutes = minutesSince(ticket.getAttribute('data-waiting-since'));
    var wait = ticket.querySelector('[data-wait]');
    if (wait) wait.textContent = minutes + ' min';
    ticket.classList.remove('ticket--fresh', 'ticket--amber', 'ticket--red');
    ticket.classList.add('ticket--' + level(minutes));
  }
  setInterval(function () {
    root.querySelectorAll('.ticket').forEach(paintWait);
  }, 15000);

  // ---- rendering ---------------------------------------------------------------
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function ticketNode(t) {
    var ready = t.state === 'ready';
    var step = ready ? 'collected' : 'ready';
    var li = el('li', 'ticket');
    li.setAttribute('data-order-id', t.id);
    li.setAttribute('data-waiting-since', t.waitingSince);
    li.setAttribute('aria-labelledby', 'ticket-' + t.id);
    var head = el('header', 'ticket__head');
    var h3 = el('h3');
    h3.id = 'ticket-' + t.id;
    h3.appendChild(el('span', 'ticket__number', '#' + t.number));
    h3.appendChild(document.createTextNode(' '));
    h3.appendChild(el('span', 'ticket__customer', t.customer));
    head.appendChild(h3);
    var wait = el('span', 'ticket__wait');
    wait.setAttribute('data-wait', '');
    head.appendChild(wait);
    li.appendChild(head);
    var lines = el('ul', 'ticket__lines');
    t.lines.forEach(function (line) {
      var item = el('li');
      item.appendChild(el('span', 'ticket__qty', line.quantity + ' ×'));
      item.appendChild(document.createTextNode(' '));
      item.appendChild(el('span', 'ticket__item', line.name));
      if (line.options.length) item.appendChild(el('span', 'ticket__options', line.options.join(' · ')));
      lines.appendChild(item);
    });
    li.appendChild(lines);
    var form = el('form', 'ticket__action');
    form.method = 'post';
    form.action = '/staff/' + encodeURIComponent(store) + '/queue/' + encodeURIComponent(t.id) + '/' + step;
    form.setAttribute('data-step', step);
    var token = el('input');
    token.type = 'hidden';
    token.name = '_csrf';
    token.value = csrf;
    form.appendChild(token);
    var button = el('button', ready ? 'button ticket__button' : 'button button--primary ticket__button', ready ? 'Collected' : 'Ready');
    button.type = 'submit';
    button.appendChild(el('span', 'visually-hidden', ' — order ' + t.number + ' for ' + t.customer));
    form.appendChild(button);
    li.appendChild(form);
    paintWait(li);
    return li;
  }

  // A fetch started before a change can answer after the stream reported it:
  // never let an older snapshot (earlier server time) replace a newer one.
  var shownAt = root.getAttribute('data-now');

  function render(queue) {
    if (queue.store !== store || queue.now < shownAt) return;
    shownAt = queue.now;
    offset = Date.parse(queue.now) - Date.now();
    var fresh = [];
    var active = document.activeElement;
    var activeTicket = active && active.closest ? active.closest('.ticket') : null;
    var focusedId = activeTicket ? activeTicket.getAttribute('data-order-id') : null;
    var next = {};
    ['making', 'ready'].forEach(function (column) {
      var list = root.querySelector('[data-column="' + column + '"]');
      var tickets = queue[column];
      var nodes = tickets.map(function (t) {
        next[t.id] = true;
        var node = ticketNode(t);
        if (!known[t.id]) fresh.push(node);
        return node;
      });
      list.replaceChildren.apply(list, nodes);
      root.querySelector('[data-count="' + column + '"]').textContent = String(tickets.length);
      root.querySelector('[data-empty="' + column + '"]').hidden = tickets.length > 0;
    });
    fresh.forEach(function (node) {
      node.classList.add('ticket--new');
      setTimeout(function () {
        node.classList.remove('ticket--new');
      }, 8000);
    });
    if (
      fresh.some(function (n) {
        return n.closest('[data-column="making"]');
      })
    )
      beep();
    known = next;
    // Keep keyboard focus on the same ticket if it is still there.
    if (focusedId) {
      var again = root.querySelector('.ticket[data-order-id="' + focusedId + '"] button');
      if (again) again.focus();
    }
  }

  function refetch() {
    return fetch(base + '/queue', { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (response) {
        if (response.status === 401 || response.status === 403) {
          window.location.reload();
          return null;
        }
        return response.ok ? response.json() : null;
      })
      .then(function (queue) {
        if (queue) render(queue);
      })
      .catch(function () {
        /* offline: the stream's reconnect will try again */
      });
  }

  // ---- the stream ----------------------------------------------------------------
  var source = null;
  var retryTimer = null;
  function connect() {
    clearTimeout(retryTimer);
    source = new EventSource(base + '/queue/events');
    source.addEventListener('open', function () {
      say('Live — new orders appear automatically.');
      root.setAttribute('data-live', 'open');
      refetch(); // never rely on the stream alone for what happened while we were away
    });
    source.addEventListener('queue', function (message) {
      try {
        render(JSON.parse(message.data));
      } catch {
        refetch();
      }
    });
    source.addEventListener('error', function () {
      root.setAttribute('data-live', 'reconnecting');
      say('Reconnecting… the queue will catch up by itself.');
      // EventSource retries by itself unless the server refused outright; then we retry.
      if (source.readyState === EventSource.CLOSED) {
        retryTimer = setTimeout(connect, 3000);
      }
    });
  }
  connect();
  // A tablet that slept may have missed a lot: catch up when it wakes.
  document.addEventListener('visibilitychange', function () {
    if (!document.hidden) refetch();
  });
  window.addEventListener('online', refetch);

  // ---- Ready / Collected without a reload ----------------------------------------------
  root.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.matches || !form.matches('form.ticket__action')) return;
    event.preventDefault();
    var ticket = form.closest('.ticket');
    var id = ticket.getAttribute('data-order-id');
    var step = form.getAttribute('data-step');
    var button = form.querySelector('button');
    if (button.getAttribute('aria-disabled') === 'true') return;
    button.setAttribute('aria-disabled', 'true');
    fetch('/api/v1/orders/' + encodeURIComponent(id) + '/' + step, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'x-csrf-token': csrf },
    })
      .then(
        function (response) {
          if (response.ok) return null;
          return response.json().then(
            function (body) {
              say(body.error && body.error.message ? body.error.message : 'That did not work.');
            },
            function () {
              say('That did not work. Please try again.');
            },
          );
        },
        function () {
          say('Could not reach the server. Trying the form instead…');
          form.submit(); // plain form post: works even when fetch can't
        },
      )
      .then(function () {
        button.removeAttribute('aria-disabled');
        return refetch();
      });
  });
})();
