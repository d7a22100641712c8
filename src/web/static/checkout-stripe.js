// Stripe Elements on the checkout page (PAYMENT_GATEWAY=stripe): the card is
// typed into Stripe's own frame; we post only the PaymentMethod id. On the order
// page it finishes a 3-D Secure confirmation the bank asked for.
(function () {
  'use strict';
  if (!window.Stripe) return;

  var form = document.querySelector('[data-payment-form="stripe"]');
  var mount = document.getElementById('card-element');
  if (form && mount) {
    var stripe = window.Stripe(mount.getAttribute('data-publishable-key'));
    var card = stripe.elements().create('card', { hidePostalCode: true });
    var errors = document.getElementById('card-errors');
    var submitting = false;
    card.mount(mount);
    card.on('change', function (event) {
      errors.textContent = event.error ? event.error.message : '';
    });
    form.addEventListener('submit', function (event) {
      var field = form.querySelector('input[name="paymentMethod"]');
      if (field.value) return; // already made: let the form go
      var saved = form.querySelector('input[name="savedCard"]:checked');
      if (saved && saved.value !== 'new') return; // a saved card: nothing to make
      event.preventDefault();
      if (submitting) return;
      submitting = true;
      stripe.createPaymentMethod({ type: 'card', card: card }).then(function (result) {
        submitting = false;
        if (result.error) {
          errors.textContent = result.error.message;
          return;
        }
        field.value = result.paymentMethod.id;
        form.submit();
      });
    });
  }

  // Apple Pay / Google Pay through Stripe's Express Checkout Element (decision 324; the Payment
  // Request Button is deprecated). The wallet makes a PaymentMethod, posted like the card element's,
  // so the server holds it with a manual-capture PaymentIntent like any card. It shows only where the
  // browser has a wallet and the domain is registered with Stripe; otherwise the card form is the way.
  var express = document.getElementById('express-checkout');
  if (form && express) {
    var walletStripe = window.Stripe(express.getAttribute('data-publishable-key'));
    var walletElements = walletStripe.elements({
      mode: 'payment',
      amount: parseInt(express.getAttribute('data-amount'), 10),
      currency: 'gbp',
      captureMethod: 'manual',
      paymentMethodCreation: 'manual',
    });
    var button = walletElements.create('expressCheckout', {
      paymentMethods: { applePay: 'auto', googlePay: 'auto', link: 'never', amazonPay: 'never', paypal: 'never' },
    });
    var walletErrors = document.getElementById('express-checkout-errors');
    button.on('ready', function (event) {
      if (event.availablePaymentMethods) express.closest('[data-express-checkout]').hidden = false;
    });
    button.on('confirm', function () {
      walletElements.submit().then(function (submitted) {
        if (submitted.error) {
          walletErrors.textContent = submitted.error.message;
          return;
        }
        return walletStripe.createPaymentMethod({ elements: walletElements }).then(function (result) {
          if (result.error) {
            walletErrors.textContent = result.error.message;
            return;
          }
          var newCard = form.querySelector('input[name="savedCard"][value="new"]');
          if (newCard) newCard.checked = true;
          form.querySelector('input[name="paymentMethod"]').value = result.paymentMethod.id;
          form.submit();
        });
      });
    });
    button.mount(express);
  }

  var action = document.querySelector('[data-stripe-next-action]');
  if (action) {
    var stripeForAction = window.Stripe(action.getAttribute('data-publishable-key'));
    stripeForAction.handleNextAction({ clientSecret: action.getAttribute('data-client-secret') }).then(function () {
      window.location.reload(); // the webhook settles the order; the page shows the outcome
    });
  }
})();
