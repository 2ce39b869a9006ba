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
  // Every 3 seconds at first; a run that waits long for a worker is asked
  // about less often, up to every 30 seconds.
  var POLL_MS = 3000;
  var MAX_POLL_MS = 30000;
  var wait = POLL_MS;
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
          wait = Math.min(wait * 1.2, MAX_POLL_MS);
          window.setTimeout(poll, wait);
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
        wait = Math.min(wait * 2, MAX_POLL_MS);
        window.setTimeout(poll, wait);
      });
  }

  window.setTimeout(poll, POLL_MS);
})();
