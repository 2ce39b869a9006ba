// Campaign wizard, step 2: say how many creators the budget pays while the
// business types. Amounts are parsed to whole cents as BigInt, never floats;
// the server computes the same figure from the saved decimals.
(function () {
  "use strict";

  function toCents(text) {
    var match = /^\s*(\d+)(?:[.,](\d{1,2}))?\s*$/.exec(text || "");
    if (!match) {
      return null;
    }
    return BigInt(match[1]) * 100n + BigInt((match[2] || "0").padEnd(2, "0"));
  }

  function start() {
    var output = document.getElementById("creators-affordable");
    var budget = document.getElementById("id_budget");
    var fee = document.getElementById("id_fee_per_creator");
    if (!output || !budget || !fee) {
      return;
    }
    function update() {
      var budgetCents = toCents(budget.value);
      var feeCents = toCents(fee.value);
      if (budgetCents === null || !feeCents) {
        output.hidden = true;
        return;
      }
      var count = budgetCents / feeCents;
      var template = count === 1n ? output.dataset.one : output.dataset.other;
      output.textContent = template.replace("{count}", count.toString());
      output.hidden = false;
    }
    budget.addEventListener("input", update);
    fee.addEventListener("input", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", start);
})();
