// "Copy link" next to a page's share address: shown only when the browser can
// copy; without this script the address stays selectable in its field.
(function () {
  "use strict";
  document.querySelectorAll("[data-share-link]").forEach(function (box) {
    var field = box.querySelector("input");
    var button = box.querySelector("button[data-copy]");
    var status = box.querySelector("[data-copy-status]");
    if (!field || !button) {
      return;
    }
    field.addEventListener("focus", function () {
      field.select();
    });
    if (!navigator.clipboard || !window.isSecureContext) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(
        function () {
          status.textContent = button.dataset.copied;
        },
        function () {
          field.select();
          status.textContent = button.dataset.failed;
        }
      );
    });
  });
})();
