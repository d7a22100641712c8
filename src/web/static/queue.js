// The kitchen display, live. The page is complete without this script (forms with their own
// Idempotency-Keys, and a <noscript> refresh); with it:
//  - a Server-Sent Events stream (/api/v1/stores/:store/queue/events) sends the whole queue
//    whenever it changes, and an `alive` event every 1.5 s;
//  - silence for 4 s, a stream error or a failed request means the server is lost: the banner
//    says so (within 5 s) and the last known queue stays on screen;
//  - every tap (bump a line or an order, recall, collected, undo, reprint) gets its own
//    Idempotency-Key and goes into a queue kept in localStorage; the queue is sent in order,
//    at once when online, or when the connection is back. The same key is the same tap on
//    the server, so a tap sent twice changes nothing twice; one another tablet already did
//    comes back "already done on another tablet" and is shown as such, not as an error;
//  - new tickets flash (and beep, when sound is on); age timers tick against the store's
//    thresholds on the server's clock.
// Customer names, notes and item names are user data: they go in with textContent only.
(function () {
  'use strict';
  var root = document.querySelector('[data-queue]');
  if (!root || !window.EventSource || !window.fetch) return;

  var store = root.getAttribute('data-store');
  var amber = Number(root.getAttribute('data-amber')) || 5;
  var red = Number(root.getAttribute('data-red')) || 10;
  var timezone = root.getAttribute('data-timezone') || 'Europe/London';
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.getAttribute('content') : '';
  var status = root.querySelector('[data-live-status]');
  var banner = root.querySelector('[data-offline-banner]');
  var pendingCount = root.querySelector('[data-pending-count]');
  var notice = root.querySelector('[data-tap-notice]');
  var base = '/api/v1/stores/' + encodeURIComponent(store);
  var pageBase = '/staff/' + encodeURIComponent(store) + '/queue/';
  // Server time minus tablet time: minutes are counted on the server's clock.
  var offset = Date.parse(root.getAttribute('data-now')) - Date.now();
  var SILENCE_MS = 4000;
  var known = {};
  root.querySelectorAll('[data-column] .ticket[data-order-id]').forEach(function (t) {
    known[t.getAttribute('data-order-id')] = true;
  });

  function say(text) {
    if (status) status.textContent = text;
  }

  // ---- keys ------------------------------------------------------------------------
  function newKey() {
    if (window.crypto && window.crypto.randomUUID) return 'kds-' + window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return (
      'kds-' +
      Array.prototype.map
        .call(bytes, function (b) {
          return (b + 256).toString(16).slice(1);
        })
        .join('')
    );
  }

  // ---- sound and flash ---------------------------------------------------------------
  var SOUND_KEY = 'alpaca.queue.sound';
  var audio = null;
  var soundToggle = root.querySelector('[data-sound-toggle]');
  var soundLabel = root.querySelector('[data-sound-toggle-label]');
  function beep() {
    if (!soundToggle || !soundToggle.checked) return;
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
  function flashScreen() {
    root.classList.remove('queue--flash');
    void root.offsetWidth; // restart the animation
    root.classList.add('queue--flash');
    root.setAttribute('data-new-orders', String(Number(root.getAttribute('data-new-orders') || 0) + 1));
    setTimeout(function () {
      root.classList.remove('queue--flash');
    }, 1600);
  }

  // ---- wait times ------------------------------------------------------------------
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
    root.querySelectorAll('[data-column] .ticket').forEach(paintWait);
    expireUndo();
  }, 5000);

  // ---- rendering ---------------------------------------------------------------------
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** A tap button as a form (the same markup as the server's, so no-JS and JS agree). */
  function tapForm(action, tap, label, hidden, primary, extra) {
    var form = el('form', 'tap');
    form.method = 'post';
    form.action = action;
    form.setAttribute('data-tap', tap);
    Object.keys(extra || {}).forEach(function (k) {
      form.setAttribute(k, extra[k]);
    });
    var token = el('input');
    token.type = 'hidden';
    token.name = '_csrf';
    token.value = csrf;
    form.appendChild(token);
    var button = el('button', primary ? 'button button--primary tap__button' : 'button tap__button', label);
    button.type = 'submit';
    button.appendChild(el('span', 'visually-hidden', ' ' + hidden));
    form.appendChild(button);
    return form;
  }

  function localTime(iso) {
    try {
      return new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
    } catch {
      return iso.slice(11, 16);
    }
  }

  function ticketNode(t) {
    var ready = t.state === 'ready';
    var orderBase = pageBase + encodeURIComponent(t.id);
    var who = '— order ' + t.number + ' for ' + t.customer;
    var li = el('li', 'ticket' + (t.note ? ' ticket--has-note' : ''));
    li.setAttribute('data-order-id', t.id);
    li.setAttribute('data-number', String(t.number));
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
    if (t.due) {
      var due = el('p', 'ticket__due ticket__due--' + t.due.kind, (t.due.kind === 'pickup' ? 'Pickup ' : 'Arriving ~') + (t.due.local || localTime(t.due.at)));
      due.setAttribute('data-due', '');
      li.appendChild(due);
    }
    if (t.note) {
      var note = el('p', 'ticket__note');
      note.setAttribute('data-note', '');
      note.appendChild(el('strong', '', 'Note:'));
      note.appendChild(document.createTextNode(' ' + t.note));
      li.appendChild(note);
    }
    var lines = el('ul', 'ticket__lines');
    t.lines.forEach(function (line) {
      var item = el('li', line.bumped ? 'ticket__line ticket__line--done' : 'ticket__line');
      item.setAttribute('data-line', String(line.position));
      var text = el('span', 'ticket__line-text');
      text.appendChild(el('span', 'ticket__qty', line.quantity + ' ×'));
      text.appendChild(document.createTextNode(' '));
      text.appendChild(el('span', 'ticket__item', line.name));
      if (line.bumped) text.appendChild(el('span', 'ticket__done-mark', ' done'));
      if (line.options.length) text.appendChild(el('span', 'ticket__options', line.options.join(' · ')));
      item.appendChild(text);
      if (!ready && !line.bumped) {
        item.appendChild(
          tapForm(orderBase + '/lines/' + line.position + '/bump', 'bump_line', 'Done', line.name + ' ' + who, false, { 'data-line': String(line.position) }),
        );
      }
      lines.appendChild(item);
    });
    li.appendChild(lines);
    var actions = el('div', 'ticket__actions');
    if (ready) {
      actions.appendChild(tapForm(orderBase + '/collected', 'collect', 'Collected', who, true));
      actions.appendChild(tapForm(orderBase + '/recall', 'recall', 'Recall', who, false));
    } else {
      actions.appendChild(tapForm(orderBase + '/ready', 'bump', 'Ready', who, true));
    }
    actions.appendChild(tapForm(orderBase + '/reprint', 'reprint', 'Reprint', who, false));
    li.appendChild(actions);
    paintWait(li);
    return li;
  }

  function recentNode(t) {
    var li = el('li', 'recent__item');
    li.setAttribute('data-order-id', t.id);
    li.setAttribute('data-number', String(t.number));
    var what = el('span', 'recent__what');
    what.appendChild(el('strong', '', '#' + t.number));
    what.appendChild(document.createTextNode(' ' + t.customer));
    what.appendChild(el('span', 'muted', t.state === 'ready' ? ' on the counter' : ' collected'));
    li.appendChild(what);
    var orderBase = pageBase + encodeURIComponent(t.id);
    var who = '— order ' + t.number + ' for ' + t.customer;
    if (t.state === 'ready') li.appendChild(tapForm(orderBase + '/recall', 'recall', 'Recall', who, false));
    if (t.undoable && t.completedAt) {
      var undo = tapForm(orderBase + '/undo-collected', 'undo_collect', 'Undo collected', who, false);
      undo.setAttribute('data-undo-until', String(Date.parse(t.completedAt) + 60000));
      li.appendChild(undo);
    }
    return li;
  }

  /** An "Undo collected" past its minute (on the server's clock) goes away. */
  function expireUndo() {
    root.querySelectorAll('[data-undo-until]').forEach(function (form) {
      if (Date.now() + offset > Number(form.getAttribute('data-undo-until'))) form.remove();
    });
  }

  function renderAllDay(allDay) {
    var list = root.querySelector('[data-all-day]');
    if (!list) return;
    list.replaceChildren.apply(
      list,
      allDay.map(function (d) {
        var li = el('li');
        li.appendChild(el('span', 'all-day__count', String(d.quantity)));
        li.appendChild(document.createTextNode(' '));
        li.appendChild(el('span', 'all-day__name', d.name));
        var variants = el('ul', 'all-day__variants');
        d.variants.forEach(function (v) {
          var item = el('li');
          item.appendChild(el('span', 'all-day__count', String(v.quantity)));
          item.appendChild(document.createTextNode(' ' + (v.options.length ? v.options.join(' · ') : 'as it comes')));
          variants.appendChild(item);
        });
        li.appendChild(variants);
        return li;
      }),
    );
    root.querySelector('[data-empty="all-day"]').hidden = allDay.length > 0;
  }

  // A fetch started before a change can answer after the stream reported it:
  // never let an older snapshot (earlier server time) replace a newer one.
  var shownAt = root.getAttribute('data-now');

  function render(queue) {
    if (queue.store !== store || queue.now < shownAt) return;
    shownAt = queue.now;
    offset = Date.parse(queue.now) - Date.now();
    amber = queue.amberAfterMinutes || amber;
    red = queue.redAfterMinutes || red;
    var fresh = [];
    var active = document.activeElement;
    var activeForm = active && active.closest ? active.closest('form.tap') : null;
    var focusAction = activeForm ? activeForm.getAttribute('action') : null;
    var next = {};
    ['making', 'ready'].forEach(function (column) {
      var list = root.querySelector('[data-column="' + column + '"]');
      var tickets = queue[column];
      var nodes = tickets.map(function (t) {
        next[t.id] = true;
        var node = ticketNode(t);
        if (!known[t.id] && column === 'making') fresh.push(node);
        return node;
      });
      list.replaceChildren.apply(list, nodes);
      root.querySelector('[data-count="' + column + '"]').textContent = String(tickets.length);
      root.querySelector('[data-empty="' + column + '"]').hidden = tickets.length > 0;
    });
    var recent = root.querySelector('[data-recent]');
    if (recent && queue.recent) {
      recent.replaceChildren.apply(recent, queue.recent.map(recentNode));
      root.querySelector('[data-empty="recent"]').hidden = queue.recent.length > 0;
    }
    if (queue.allDay) renderAllDay(queue.allDay);
    fresh.forEach(function (node) {
      node.classList.add('ticket--new');
      setTimeout(function () {
        node.classList.remove('ticket--new');
      }, 8000);
    });
    if (fresh.length) {
      beep();
      flashScreen();
    }
    known = next;
    markPending();
    // Keep keyboard focus on the same button if it is still there.
    if (focusAction) {
      var again = root.querySelector('form.tap[action="' + focusAction + '"] button');
      if (again) again.focus();
    }
  }

  // ---- connection ------------------------------------------------------------------------
  var online = true;
  var lastHeard = Date.now();
  function heard() {
    lastHeard = Date.now();
  }
  function setOnline(value) {
    if (online === value) return;
    online = value;
    root.setAttribute('data-connection', value ? 'online' : 'offline');
    if (banner) banner.hidden = value;
    if (value) {
      say('Live — new orders appear automatically.');
      flush();
    } else {
      root.setAttribute('data-live', 'reconnecting');
      say('Offline — showing the last known queue.');
    }
  }
  root.setAttribute('data-connection', 'online');

  function refetch() {
    return fetch(base + '/queue', { credentials: 'same-origin', cache: 'no-store', headers: { accept: 'application/json' } })
      .then(function (response) {
        if (response.status === 401 || response.status === 403) {
          window.location.reload();
          return null;
        }
        heard();
        return response.ok ? response.json() : null;
      })
      .then(function (queue) {
        if (queue) render(queue);
        return queue;
      })
      .catch(function () {
        setOnline(false);
        return null;
      });
  }

  var source = null;
  function connect() {
    if (source) source.close();
    source = new EventSource(base + '/queue/events');
    source.addEventListener('open', function () {
      heard();
      root.setAttribute('data-live', 'open');
      // Never rely on the stream alone for what happened while we were away.
      refetch().then(function (queue) {
        if (!queue) return;
        setOnline(true);
        // The page starts "online" with the no-JavaScript wording; say it is live on the first open too.
        say('Live — new orders appear automatically.');
      });
    });
    source.addEventListener('alive', heard);
    source.addEventListener('queue', function (message) {
      heard();
      try {
        render(JSON.parse(message.data));
      } catch {
        refetch();
      }
    });
    source.addEventListener('error', function () {
      setOnline(false);
      // EventSource retries by itself unless the server refused outright; the watchdog does then.
    });
  }
  connect();

  // Silence means a dead connection even when the socket looks open (a cable pulled, Wi-Fi gone):
  // say so, drop the stream and keep trying a new one.
  var lastAttempt = 0;
  setInterval(function () {
    var silent = Date.now() - lastHeard > SILENCE_MS;
    if (silent) setOnline(false);
    var stuck = !online && (silent || (source && source.readyState === EventSource.CLOSED));
    if (stuck && Date.now() - lastAttempt > 2000) {
      lastAttempt = Date.now();
      connect();
    }
  }, 500);

  document.addEventListener('visibilitychange', function () {
    if (!document.hidden) refetch();
  });
  window.addEventListener('online', function () {
    connect();
  });
  window.addEventListener('offline', function () {
    setOnline(false);
  });

  // ---- taps: queued, keyed, replayed in order ------------------------------------------------
  var PENDING_KEY = 'alpaca.queue.pending.' + store;
  var pending = [];
  try {
    pending = JSON.parse(window.localStorage.getItem(PENDING_KEY) || '[]') || [];
  } catch {
    pending = [];
  }
  function savePending() {
    try {
      window.localStorage.setItem(PENDING_KEY, JSON.stringify(pending));
    } catch {
      /* ignore: the queue still lives in memory */
    }
    if (pendingCount) pendingCount.textContent = pending.length ? pending.length + (pending.length === 1 ? ' tap waiting.' : ' taps waiting.') : '';
    root.setAttribute('data-pending', String(pending.length));
    markPending();
  }
  /** Tickets with a tap still to send look it, so nobody taps twice. */
  function markPending() {
    root.querySelectorAll('.ticket--pending').forEach(function (n) {
      n.classList.remove('ticket--pending');
    });
    pending.forEach(function (tap) {
      var ticket = root.querySelector('[data-column] .ticket[data-order-id="' + tap.orderId + '"]');
      if (ticket) ticket.classList.add('ticket--pending');
    });
  }

  var results = [];
  function tell(text, kind, undo) {
    if (!notice) return;
    notice.hidden = false;
    // A collect with its Undo floats at the foot of the screen, where the thumb that tapped
    // "Collected" is, whatever the scroll (issue 10 item 8); other news stays at the top.
    notice.className = 'queue__notice queue__notice--' + kind + (undo ? ' queue__notice--toast' : '');
    notice.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    notice.replaceChildren(document.createTextNode(text));
    if (undo) {
      var button = el('button', 'button notice__undo', 'Undo');
      button.type = 'button';
      button.setAttribute('data-undo-toast', undo.orderId);
      button.setAttribute('aria-label', 'Undo collected, order ' + undo.number);
      button.addEventListener('click', function () {
        enqueueTap({ orderId: undo.orderId, number: undo.number, tap: 'undo_collect', path: 'undo-collected' });
        notice.hidden = true;
      });
      notice.appendChild(document.createTextNode(' '));
      notice.appendChild(button);
      setTimeout(function () {
        if (!button.isConnected) return;
        button.remove();
        notice.classList.remove('queue__notice--toast');
      }, 55000);
    }
    results.push({ text: text, kind: kind });
    root.setAttribute('data-tap-results', JSON.stringify(results.slice(-20)));
  }

  var flushing = false;
  function flush() {
    if (flushing || !online || pending.length === 0) return;
    flushing = true;
    var tap = pending[0];
    fetch('/api/v1/orders/' + encodeURIComponent(tap.orderId) + '/' + tap.path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'x-csrf-token': csrf, 'idempotency-key': tap.key },
    })
      .then(function (response) {
        if (response.status === 401 || response.status === 403) {
          window.location.reload();
          return 'stop';
        }
        if (response.status >= 500 || response.status === 429) return 'retry'; // the same key later is the same tap
        return response.json().then(
          function (body) {
            if (response.ok) {
              var kind = body.outcome === 'already_done' ? 'info' : 'ok';
              tell(body.message, kind, tap.tap === 'collect' && body.outcome === 'applied' ? { orderId: tap.orderId, number: tap.number } : null);
            } else {
              tell(body.error && body.error.message ? body.error.message : 'That tap did not work.', 'error');
            }
            return 'done';
          },
          function () {
            tell('That tap did not work.', 'error');
            return 'done';
          },
        );
      })
      .catch(function () {
        setOnline(false);
        return 'retry';
      })
      .then(function (next) {
        flushing = false;
        if (next === 'done') {
          pending.shift();
          savePending();
          if (pending.length) flush();
          else refetch();
        } else if (next === 'retry') {
          setTimeout(flush, 2000);
        }
      });
  }

  function enqueueTap(tap) {
    tap.key = newKey();
    pending.push(tap);
    savePending();
    if (!online) tell('Offline: tap kept, it will be sent when the connection is back.', 'warn');
    flush();
  }

  var PATHS = { bump: 'ready', collect: 'collected', recall: 'recall', undo_collect: 'undo-collected', reprint: 'reprint' };
  root.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.matches || !form.matches('form.tap')) return;
    event.preventDefault();
    var holder = form.closest('[data-order-id]');
    if (!holder) return;
    var tap = form.getAttribute('data-tap');
    var line = form.getAttribute('data-line') || (form.closest('[data-line]') ? form.closest('[data-line]').getAttribute('data-line') : null);
    var path = tap === 'bump_line' ? 'lines/' + line + '/bump' : PATHS[tap];
    if (!path) return;
    var orderId = holder.getAttribute('data-order-id');
    var duplicate = pending.some(function (p) {
      return p.orderId === orderId && p.path === path;
    });
    if (duplicate) return; // already waiting to be sent: a second tap would be the same work
    enqueueTap({ orderId: orderId, number: Number(holder.getAttribute('data-number')) || 0, tap: tap, path: path });
    if (tap === 'bump_line') {
      var item = form.closest('.ticket__line');
      if (item) item.classList.add('ticket__line--done');
      form.remove();
    }
  });

  savePending();
  if (pending.length) flush();
})();
