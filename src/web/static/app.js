// Alpaca Cafe — progressive enhancement for every page. Each page works without this file:
// forms post to the server, which prices, validates and redirects. Here we only make
// things quicker and kinder: a live line total, choice limits, quantity steppers,
// an announced confirmation, a bumped basket badge, a sticky header that knows its height.
(function () {
  'use strict';
  var root = document.documentElement;
  root.classList.add('js'); // .js .js-hidden: things only the no-JS path needs ("Update total")

  /** Same output as formatPence() on the server: 1234 → "£12.34". */
  function formatPence(pence) {
    var sign = pence < 0 ? '-' : '';
    var abs = Math.abs(pence);
    return sign + '£' + Math.floor(abs / 100).toLocaleString('en-GB') + '.' + String(abs % 100).padStart(2, '0');
  }

  function ready(fn) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn);
    else fn();
  }

  // The sticky category chips sit just under the sticky header, whatever its height.
  function trackHeaderHeight() {
    var header = document.querySelector('.site-header');
    if (!header) return;
    var set = function () {
      root.style.setProperty('--header-h', header.offsetHeight + 'px');
    };
    set();
    if ('ResizeObserver' in window) new ResizeObserver(set).observe(header);
  }

  // A confirmation that was in the HTML at load is not reliably read out (a live region
  // only announces changes), so its text is copied into a fresh live region a moment later.
  function announceFlash() {
    var flash = document.querySelector('.flash[role]');
    if (!flash) return;
    // An error keeps its alert role in the copy: it interrupts, news waits its turn.
    var role = flash.getAttribute('role');
    flash.classList.add('flash--enter');
    flash.removeAttribute('role');
    var live = document.createElement('div');
    live.className = 'visually-hidden';
    live.setAttribute('role', role);
    flash.parentNode.insertBefore(live, flash.nextSibling);
    setTimeout(function () {
      live.textContent = flash.textContent;
    }, 250);
  }

  // The badge grows for a moment when the basket count went up since the last page.
  function bumpBasketBadge() {
    var badge = document.querySelector('[data-basket-count]');
    if (!badge) return;
    var now = parseInt(badge.textContent, 10) || 0;
    var before = null;
    try {
      before = sessionStorage.getItem('alpaca.basketCount');
      sessionStorage.setItem('alpaca.basketCount', String(now));
    } catch {
      /* storage may be off: no bump */
    }
    if (before !== null && now > parseInt(before, 10)) badge.classList.add('badge--bump');
  }

  // A form that came back with errors: move focus to the summary so it is read first.
  function focusErrorSummary() {
    var summary = document.querySelector('.error-summary');
    if (summary && typeof summary.focus === 'function') summary.focus();
  }

  // −/+ buttons either side of a number input; they fire "input" so totals follow.
  function addStepper(input) {
    if (input.closest('.stepper')) return;
    var min = parseInt(input.min, 10) || 1;
    var max = parseInt(input.max, 10) || 99;
    var wrap = document.createElement('div');
    wrap.className = 'stepper';
    input.parentNode.insertBefore(wrap, input);
    var label = (input.labels && input.labels[0] ? input.labels[0].textContent : 'quantity').trim().toLowerCase();
    function button(text, step, name) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'stepper__button';
      b.textContent = text;
      b.setAttribute('aria-label', name + ' ' + label);
      b.setAttribute('aria-controls', input.id);
      b.addEventListener('click', function () {
        var value = parseInt(input.value, 10);
        if (Number.isNaN(value)) value = min;
        input.value = String(Math.min(max, Math.max(min, value + step)));
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
      return b;
    }
    var minus = button('−', -1, 'Decrease');
    var plus = button('+', 1, 'Increase');
    wrap.appendChild(minus);
    wrap.appendChild(input);
    wrap.appendChild(plus);
    function sync() {
      var value = parseInt(input.value, 10);
      minus.disabled = !Number.isNaN(value) && value <= min;
      plus.disabled = !Number.isNaN(value) && value >= max;
    }
    input.addEventListener('input', sync);
    sync();
  }

  // Multi-choice groups (Syrup, Toppings): once `max` are ticked, the rest are disabled.
  // Only boxes we disabled are re-enabled; options unavailable at the store stay off.
  function enforceMax(group) {
    var max = parseInt(group.getAttribute('data-max'), 10);
    if (!max) return;
    var boxes = group.querySelectorAll('input[type="checkbox"]');
    var note = document.createElement('p');
    note.className = 'hint';
    note.setAttribute('aria-live', 'polite');
    group.appendChild(note);
    function sync() {
      var checked = 0;
      boxes.forEach(function (b) {
        if (b.checked) checked++;
      });
      var full = checked >= max;
      boxes.forEach(function (b) {
        if (full && !b.checked && !b.disabled) {
          b.disabled = true;
          b.setAttribute('data-limit-disabled', '');
        }
        if (!full && b.hasAttribute('data-limit-disabled')) {
          b.disabled = false;
          b.removeAttribute('data-limit-disabled');
        }
      });
      note.textContent = full ? 'That’s the most you can choose here — untick one to swap.' : '';
    }
    group.addEventListener('change', sync);
    sync();
  }

  // The product page: total = (base + chosen deltas) × quantity, as the server prices it.
  function liveTotal(form) {
    var base = parseInt(form.getAttribute('data-base-price'), 10);
    var output = form.querySelector('[data-line-total]');
    var quantity = form.querySelector('input[name="quantity"]');
    if (Number.isNaN(base) || !output || !quantity) return;
    function update() {
      var unit = base;
      form.querySelectorAll('input[data-delta]:checked').forEach(function (input) {
        unit += parseInt(input.getAttribute('data-delta'), 10) || 0;
      });
      var qty = Number(quantity.value);
      var valid = Number.isInteger(qty) && qty >= parseInt(quantity.min || '1', 10) && qty <= parseInt(quantity.max || '20', 10);
      var text = valid ? formatPence(unit * qty) : '—';
      if (output.textContent !== text) {
        output.textContent = text;
        output.classList.remove('pulse');
        void output.offsetWidth; // restart the highlight
        output.classList.add('pulse');
      }
    }
    form.addEventListener('change', update);
    form.addEventListener('input', update);
    update();
  }

  // The product page: the drink's allergens = the product's own + every chosen option's. Each of
  // the 14 is already in the page (hidden when absent), so this only shows and hides them.
  function liveAllergens(form) {
    var list = form.querySelector('[data-allergen-list]');
    if (!list) return;
    function words(value) {
      return (value || '').split(' ').filter(Boolean);
    }
    function update() {
      var contains = {};
      words(form.getAttribute('data-allergens')).forEach(function (a) {
        contains[a] = true;
      });
      form.querySelectorAll('input[data-allergens]:checked').forEach(function (input) {
        words(input.getAttribute('data-allergens')).forEach(function (a) {
          contains[a] = true;
        });
      });
      var any = false;
      list.querySelectorAll('[data-allergen]').forEach(function (item) {
        var shown = contains[item.getAttribute('data-allergen')] === true;
        item.hidden = !shown;
        if (shown) any = true;
      });
      var none = list.querySelector('[data-allergen-none]');
      if (none) none.hidden = any;
    }
    form.addEventListener('change', update);
    update();
  }

  // The product page: "Save as favourite", or "Saved as a favourite" when the drink as now chosen is
  // one already (the server's keys: product|group=slug,… sorted, as domain/favourite-key.ts makes them).
  function favouriteState(form) {
    var raw = form.getAttribute('data-favourite-keys');
    var star = form.querySelector('.favourite-star');
    var saved = form.querySelector('.favourite-saved');
    if (!raw || !star || !saved) return;
    var keys = JSON.parse(raw);
    function update() {
      var chosen = [];
      form.querySelectorAll('input[name^="options."]:checked').forEach(function (input) {
        chosen.push(input.name.slice('options.'.length) + '=' + input.value);
      });
      chosen.sort();
      var isFavourite = keys.indexOf(form.getAttribute('data-product') + '|' + chosen.join(',')) !== -1;
      star.hidden = isFavourite;
      saved.hidden = !isFavourite;
    }
    form.addEventListener('change', update);
    update();
  }

  // One tap adds one line: a second tap while the first is posting is ignored.
  function preventDoubleSubmit(form) {
    form.addEventListener('submit', function (event) {
      var submitter = event.submitter;
      if (submitter && submitter.hasAttribute('formaction')) return; // "Update total": a preview, not an add
      if (form.getAttribute('data-submitting')) {
        event.preventDefault();
        return;
      }
      form.setAttribute('data-submitting', 'true');
      if (submitter) submitter.setAttribute('aria-disabled', 'true');
    });
    window.addEventListener('pageshow', function () {
      // back/forward cache brings the old page back
      form.removeAttribute('data-submitting');
      form.querySelectorAll('[aria-disabled="true"]').forEach(function (b) {
        b.removeAttribute('aria-disabled');
      });
    });
  }

  // With a saved card chosen, the new card's fields and "Save this card" step aside (disabled, so
  // nothing typed there is sent). Without JavaScript they stay, and a card typed there is used.
  function savedCardChoice(form) {
    var radios = form.querySelectorAll('input[name="savedCard"]');
    if (radios.length === 0) return;
    var sync = function () {
      var chosen = form.querySelector('input[name="savedCard"]:checked');
      var newCard = !chosen || chosen.value === 'new';
      form.querySelectorAll('[data-new-card]').forEach(function (part) {
        part.hidden = !newCard;
        part.querySelectorAll('input').forEach(function (input) {
          input.disabled = !newCard;
        });
      });
    };
    radios.forEach(function (radio) {
      radio.addEventListener('change', sync);
    });
    sync();
  }

  // Menu chips follow the section being read.
  function followCategories() {
    var nav = document.querySelector('.category-nav');
    if (!nav || !('IntersectionObserver' in window)) return;
    var links = {};
    nav.querySelectorAll('a[href^="#"]').forEach(function (a) {
      links[a.getAttribute('href').slice(1)] = a;
    });
    var observer = new IntersectionObserver(
      function (entries) {
        entries.forEach(function (entry) {
          if (!entry.isIntersecting) return;
          var link = links[entry.target.id];
          if (!link) return;
          nav.querySelectorAll('[aria-current]').forEach(function (a) {
            a.removeAttribute('aria-current');
          });
          link.setAttribute('aria-current', 'true');
          var left = link.offsetLeft - nav.clientWidth / 2 + link.offsetWidth / 2;
          nav.scrollTo({ left: left, behavior: 'smooth' });
        });
      },
      { rootMargin: '-30% 0px -65% 0px' },
    );
    document.querySelectorAll('.menu-section[id]').forEach(function (s) {
      observer.observe(s);
    });
  }

  ready(function () {
    trackHeaderHeight();
    announceFlash();
    bumpBasketBadge();
    focusErrorSummary();
    followCategories();
    document.querySelectorAll('form.payment-form').forEach(savedCardChoice);
    document.querySelectorAll('form.product-form').forEach(function (form) {
      form.querySelectorAll('fieldset[data-selection="multi"]').forEach(enforceMax);
      var quantity = form.querySelector('input[name="quantity"][type="number"]');
      if (quantity) addStepper(quantity);
      liveTotal(form);
      liveAllergens(form);
      favouriteState(form);
      preventDoubleSubmit(form);
    });
  });
})();
