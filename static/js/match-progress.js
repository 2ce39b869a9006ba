// While a campaign's matches are being computed, ask the server every few
// seconds how the run is going, say so in the page's status region, and swap
// in the fresh list once the run has finished. The page works without this
// script: reloading it shows the same.
(function () {
  "use strict";
  var region = document.querySelector("[data-match-status-url]");
  if (!region || region.dataset.inProgress !== "true") {
    return;
  }
  var POLL_MS = 3000;
  var text = region.querySelector("[data-match-status-text]");
  var spinner = region.querySelector("[data-match-spinner]");

  function refreshList() {
    return fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("match-results");
        var current = document.getElementById("match-results");
        if (fresh && current) {
          current.replaceWith(fresh);
        }
      });
  }

  function poll() {
    fetch(region.dataset.matchStatusUrl, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.statusText);
        }
        return response.json();
      })
      .then(function (run) {
        if (run.in_progress) {
          text.textContent = run.message;
          window.setTimeout(poll, POLL_MS);
          return;
        }
        spinner.classList.add("d-none");
        region.dataset.inProgress = "false";
        return refreshList().then(function () {
          text.textContent = run.message;
        });
      })
      .catch(function () {
        // A network hiccup: try again a little later.
        window.setTimeout(poll, POLL_MS * 2);
      });
  }

  window.setTimeout(poll, POLL_MS);
})();
