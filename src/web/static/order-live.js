// Live order status: listens to the order's Server-Sent Events and, on each
// change, swaps in the server-rendered status region — so the page shows
// exactly what a reload would. Without JavaScript a <noscript> meta refresh does the job.
(function () {
  'use strict';
  var section = document.querySelector('[data-order-events]');
  if (!section || !window.EventSource || !window.fetch || !window.DOMParser) return;
  var url = section.getAttribute('data-order-events');
  // The closed states of src/domain/order-lifecycle.ts (CLOSED_STATES).
  var finalStates = ['declined', 'completed', 'expired', 'cancelled', 'refunded'];
  var source = new EventSource(url);
  var refreshing = false;
  var again = false;

  function refresh() {
    if (refreshing) {
      again = true;
      return;
    }
    refreshing = true;
    fetch(window.location.pathname, { headers: { accept: 'text/html' }, credentials: 'same-origin' })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var next = doc.querySelector('[data-order-live]');
        var current = document.querySelector('[data-order-live]');
        if (next && current) current.replaceWith(document.importNode(next, true));
        // The "pay with another card" form goes once the order no longer waits for payment (paid at
        // the till, cancelled); while it does, it stays as typed.
        var pay = document.querySelector('[data-order-pay]');
        if (pay && !doc.querySelector('[data-order-pay]')) pay.remove();
        var state = next && next.getAttribute('data-order-state');
        if (state && finalStates.indexOf(state) !== -1) source.close();
      })
      .catch(function () {
        /* the next event or the browser's reconnect tries again */
      })
      .then(function () {
        refreshing = false;
        if (again) {
          again = false;
          refresh();
        }
      });
  }

  // The store's queue moved: the ready time may have changed. At most one re-read per 2 s.
  var nudged = null;
  source.addEventListener('queue', function () {
    if (nudged) return;
    nudged = setTimeout(function () {
      nudged = null;
      refresh();
    }, 2000);
  });

  var first = true;
  source.addEventListener('order', function (message) {
    var current = document.querySelector('[data-order-live]');
    var data;
    try {
      data = JSON.parse(message.data);
    } catch {
      return;
    }
    // The first message replays the latest event, which the page already shows; later ones
    // are news even in the same state (a pickup time changed, a start held back).
    var replayed = first;
    first = false;
    if (replayed && current && current.getAttribute('data-order-state') === data.state) return;
    refresh();
  });
})();
