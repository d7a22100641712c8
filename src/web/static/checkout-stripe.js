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

  var action = document.querySelector('[data-stripe-next-action]');
  if (action) {
    var stripeForAction = window.Stripe(action.getAttribute('data-publishable-key'));
    stripeForAction.handleNextAction({ clientSecret: action.getAttribute('data-client-secret') }).then(function () {
      window.location.reload(); // the webhook settles the order; the page shows the outcome
    });
  }
})();
