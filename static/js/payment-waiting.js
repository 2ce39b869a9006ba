// While a payment waits for the gateway's confirmation, ask the server every
// few seconds and reload the page once it has an answer (paid, expired,
// declined). Without this script the "Check again" link does the same.
(function () {
  "use strict";
  var region = document.querySelector("[data-payment-status-url]");
  if (!region || region.dataset.paymentStatus !== "pending") {
    return;
  }
  var wait = 3000;
  var MAX_WAIT = 30000;

  function poll() {
    fetch(region.dataset.paymentStatusUrl, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.statusText);
        }
        return response.json();
      })
      .then(function (data) {
        if (data.final) {
          window.location.reload();
          return;
        }
        wait = Math.min(wait * 1.5, MAX_WAIT);
        window.setTimeout(poll, wait);
      })
      .catch(function () {
        wait = Math.min(wait * 2, MAX_WAIT);
        window.setTimeout(poll, wait);
      });
  }
  window.setTimeout(poll, wait);
})();
