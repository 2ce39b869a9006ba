// Payout method form: only the fields of the chosen kind (bank account or
// e-wallet) show. Without JavaScript both sets show, and the server keeps only
// the chosen kind's fields.
(function () {
  "use strict";

  function start() {
    var choices = document.querySelectorAll('input[name="kind"]');
    var sets = document.querySelectorAll("fieldset[data-payout-kind]");
    if (!choices.length || !sets.length) {
      return;
    }
    function update() {
      var chosen = document.querySelector('input[name="kind"]:checked');
      sets.forEach(function (set) {
        set.hidden = chosen !== null && set.dataset.payoutKind !== chosen.value;
      });
    }
    choices.forEach(function (choice) {
      choice.addEventListener("change", update);
    });
    update();
  }

  document.addEventListener("DOMContentLoaded", start);
})();
